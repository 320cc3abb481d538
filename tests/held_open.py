"""An input a run can only half read: a FIFO fed its first lines and then held open, so a kill always
lands mid-run however fast the machine is. On leaving, the FIFO becomes the whole file for the re-run."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def half_fed(path: Path, lines: list[str], fed: int) -> Iterator[Path]:
    os.mkfifo(path)
    release = threading.Event()

    def feed() -> None:
        try:
            with open(path, "w", encoding="utf-8") as pipe:  # blocks until the run opens its end
                pipe.write("".join(lines[:fed]))
                pipe.flush()
                release.wait(300)
        except BrokenPipeError:  # the reader was killed first
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        yield path
    finally:
        release.set()
        feeder.join(5)
        if feeder.is_alive():
            # Nobody opened the FIFO, so the feeder still waits in open(). A non-blocking read end never
            # waits itself (a blocking one would wait forever if the feeder closed first) and frees it.
            drain = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            feeder.join(10)
            os.close(drain)
        path.unlink()
        path.write_text("".join(lines), encoding="utf-8")
