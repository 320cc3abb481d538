"""Running the app under uvicorn: in this process, or in `workers` processes sharing one socket.

Each worker process builds its own app (`app_from_environment`): its own read-only connections,
facet index and caches, so the processes share nothing but the store file, and searches use as
many cores as there are workers. The settings reach them through one environment variable (uvicorn
starts workers by importing a factory, not by pickling an app).
"""
from __future__ import annotations

import dataclasses
import json
import os

from fastapi import FastAPI

from newsgraph.serve.guard import WriteLimits

SETTINGS_VARIABLE = "NEWSGRAPH_SERVE_SETTINGS"


def serve(app: FastAPI, host: str, port: int, workers: int = 1, limits: WriteLimits | None = None) -> None:
    """Serve `app` (made by `create_app`) until interrupted; with `workers` > 1, N processes each
    build the same app over the same store (`app` is then only used for its store's URL)."""
    import uvicorn

    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[SETTINGS_VARIABLE] = json.dumps({"db": app.state.store.url,
                                                "limits": dataclasses.asdict(limits or WriteLimits())})
    app.state.store.close()
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the settings `serve` put in the environment."""
    from newsgraph.serve.app import create_app

    settings = json.loads(os.environ[SETTINGS_VARIABLE])
    return create_app(settings["db"], limits=WriteLimits(**settings["limits"]))
