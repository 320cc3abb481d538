"""The window layers' reach, shared by the training network (model.py) and the numpy runtime."""
from __future__ import annotations

import numpy as np


def dilations(cfg: dict) -> list[int]:
    """The distance each window layer looks left and right (all 1: plain +-1 windows)."""
    out = list(cfg.get("dilations") or [1] * cfg["depth"])
    if len(out) != cfg["depth"] or min(out, default=1) < 1:
        raise ValueError(f"dilations {out} for {cfg['depth']} window layers: one each, each at least 1")
    return out


def window_edges(lengths: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Masks over all tokens of a batch of Docs: a token has a neighbour d to its left / right
    inside its own Doc."""
    lengths = np.asarray(lengths, dtype=np.int64)
    n = int(lengths.sum())
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    pos = np.arange(n, dtype=np.int64) - starts
    return pos >= d, pos < np.repeat(lengths, lengths) - d
