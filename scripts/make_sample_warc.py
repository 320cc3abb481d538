"""Build samples/warc/wire.warc.gz, the WARC part of the sample corpus, from scripts/sample_warc_pages/.

The output is deterministic: fixed WARC-Date and WARC-Record-ID values (UUIDs derived from the
target URI and record type), fixed HTTP headers and zlib's gzip header (mtime 0). Running the script
twice gives byte-identical files.

Records, in order:
  1. request   GET for the first page (readers must skip it)
  2-3. response  text/html; charset=utf-8, HTTP 200
  4. response  image/png, HTTP 200 (readers must skip it: not HTML)
  5-6. response  text/html; charset=utf-8, HTTP 200

The HTML pages live in scripts/sample_warc_pages/ and not under samples/, so that a reader given the
samples/ folder sees each article once (in the WARC), not twice.

Usage: python scripts/make_sample_warc.py [OUT]   (default: samples/warc/wire.warc.gz)
"""
from __future__ import annotations

import struct
import sys
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = Path(__file__).resolve().parent / "sample_warc_pages"
DEFAULT_OUT = ROOT / "samples" / "warc" / "wire.warc.gz"

# (page file, WARC-Target-URI, WARC-Date). The article id a reader derives is the last path
# segment of the URI, which is also the page's file name.
PAGES = [
    ("blinken-wang-yi-phone-call.html",
     "https://wire.example.org/world/2024/03/blinken-wang-yi-phone-call", "2024-03-27T12:20:05Z"),
    ("poland-summons-russian-envoy.html",
     "https://wire.example.org/europe/2024/03/poland-summons-russian-envoy", "2024-03-27T12:20:09Z"),
    ("borrell-warns-minsk-over-wagner.html",
     "https://wire.example.org/europe/2023/07/borrell-warns-minsk-over-wagner", "2024-03-27T12:20:17Z"),
    ("armenia-freezes-csto-participation.html",
     "https://wire.example.org/world/2024/02/armenia-freezes-csto-participation", "2024-03-27T12:20:21Z"),
]
IMAGE_URI = "https://wire.example.org/static/img/logo.png"
IMAGE_DATE = "2024-03-27T12:20:12Z"
REQUEST_DATE = "2024-03-27T12:20:04Z"
SERVER = "nginx"


def record_id(uri: str, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ' ' + uri)}>"


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built byte by byte (no image library needed)."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    idat = zlib.compress(b"\x00\x80", 9)  # filter byte 0, one grey pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def response(writer: WARCWriter, uri: str, date: str, body: bytes, content_type: str):
    http = StatusAndHeaders("200 OK", [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Server", SERVER),
        ("Date", "Wed, 27 Mar 2024 12:20:00 GMT"),
    ], protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body), http_headers=http,
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id(uri, "response")})


def request(writer: WARCWriter, uri: str, date: str):
    path = "/" + uri.split("/", 3)[3]
    http = StatusAndHeaders(f"GET {path} HTTP/1.1", [
        ("Host", "wire.example.org"),
        ("User-Agent", "newsgraph-sample-builder/1.0"),
        ("Accept", "text/html,application/xhtml+xml"),
    ], is_http_request=True)
    return writer.create_warc_record(
        uri, "request", payload=BytesIO(b""), length=0, http_headers=http,
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id(uri, "request"),
                           "WARC-Concurrent-To": record_id(uri, "response")})


def build(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (name, uri, date) in enumerate(PAGES):
            body = (PAGES_DIR / name).read_bytes()
            if i == 0:
                writer.write_record(request(writer, uri, REQUEST_DATE))
            writer.write_record(response(writer, uri, date, body, "text/html; charset=utf-8"))
            if i == 1:
                writer.write_record(response(writer, IMAGE_URI, IMAGE_DATE, tiny_png(), "image/png"))
    print(f"wrote {out}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
