"""Peak RSS as the batch records it per worker: in MiB, and the worker's own, not its driver's."""
from __future__ import annotations

import multiprocessing
import sys

import pytest

from newsgraph.scale.memory import peak_rss_mib

BALLAST_MIB = 500


def touched(mib: int) -> bytearray:
    block = bytearray(mib * 1024 * 1024)
    for i in range(0, len(block), 4096):  # resident only once written
        block[i] = 1
    return block


def peak_before_and_after_touching(mib: int) -> tuple[float, float]:
    before = peak_rss_mib()
    block = touched(mib)
    after = peak_rss_mib()
    del block
    return before, after


def test_peak_rss_is_in_mib_and_rises_with_what_the_process_holds():
    # In a fresh process: the test process's own peak may already exceed what 64 MiB more would reach.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        before, after = pool.apply(peak_before_and_after_touching, (64,))
    assert after >= before + 60


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the spawned worker case is Linux's maxrss")
def test_a_spawned_worker_reports_its_own_peak_not_its_larger_drivers():
    ballast = touched(BALLAST_MIB)
    driver = peak_rss_mib()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        worker = pool.apply(peak_rss_mib)
    assert driver >= BALLAST_MIB
    assert worker < driver - BALLAST_MIB / 2  # getrusage's maxrss would give >= driver here
    del ballast
