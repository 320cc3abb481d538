#!/bin/sh
# Make PostgreSQL available to the store's tests (tests/store/conftest.py starts a server of its own).
# Installs Debian's `postgresql` when it is missing and we are root; quiet; never fails the build:
# where it cannot be had, those tests skip with a reason.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_postgres: PostgreSQL is missing and cannot be installed here; the Postgres store tests will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
        || echo "ensure_postgres: could not install postgresql; the Postgres store tests will skip" >&2
fi
exit 0
