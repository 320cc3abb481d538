"""The HTTP API and web UI over the store: `create_app(db_url)` gives a FastAPI app (run it with uvicorn).

    from newsgraph.serve import create_app
    app = create_app("sqlite:///newsgraph.db")
"""
from __future__ import annotations

from newsgraph.serve.app import create_app

__all__ = ["create_app"]
