#!/bin/sh
# Install Debian's chromium for the browser tests (tests/serve) when it is missing and we may:
# as root with apt-get. Quiet, and never fails the build: without it the browser tests skip with a reason.
for bin in chromium chromium-browser; do
    command -v "$bin" >/dev/null 2>&1 && exit 0
done
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: chromium is missing and cannot be installed here (needs root and apt-get); browser tests will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
        || echo "ensure_chromium: apt-get could not install chromium; browser tests will skip" >&2
fi
exit 0
