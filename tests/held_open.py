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
        if feeder.is_alive():  # nobody opened the FIFO: open the read end so the feeder can finish
            with open(path, encoding="utf-8") as drain:
                drain.read()
        feeder.join(10)
        path.unlink()
        path.write_text("".join(lines), encoding="utf-8")
