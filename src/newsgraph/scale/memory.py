"""Peak resident memory of this process, which the batch records per worker with every shard."""
from __future__ import annotations

import resource
import sys
from pathlib import Path

PROC_STATUS = Path("/proc/self/status")


def peak_rss_mib() -> float:
    """Peak RSS of this process so far, in MiB.

    On Linux this is VmHWM, not `getrusage`'s maxrss: maxrss survives exec, so a worker spawned
    (fork + exec) by a driver larger than itself would report the driver's size instead of its own.
    """
    try:
        for line in PROC_STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:  # no /proc: not Linux
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere
