"""Run numpy's matrix products on one thread while the tagger computes.

numpy's OpenBLAS splits even these small products over all cores and its worker threads then
spin for a while, competing with the rest of the spaCy pipeline (single-threaded) for the same
cores. One thread is as fast here and leaves the other cores alone. The previous setting is
restored afterwards; when no OpenBLAS library is found this does nothing.
"""
from __future__ import annotations

import ctypes
import glob
import os
from contextlib import contextmanager
from functools import cache
from typing import Iterator

_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "")


@cache
def _openblas() -> tuple[object, object] | None:
    try:
        import numpy

        folder = os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs")
        paths = sorted(glob.glob(os.path.join(folder, "*openblas*")))
        for path in paths:
            lib = ctypes.CDLL(path)  # the copy numpy has loaded already: same handle
            for prefix in _PREFIXES:
                for suffix in _SUFFIXES:
                    get = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                    set_ = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                    if get is not None and set_ is not None:
                        get.restype = ctypes.c_int
                        return get, set_
    except (OSError, AttributeError, ImportError):
        return None
    return None


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    fns = _openblas()
    if fns is None:
        yield
        return
    get, set_ = fns
    before = int(get())
    if before != 1:
        set_(1)
    try:
        yield
    finally:
        if before != 1:
            set_(before)
