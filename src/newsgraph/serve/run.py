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
import socket

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
    from uvicorn.supervisors import Multiprocess

    os.environ[SETTINGS_VARIABLE] = json.dumps({"db": app.state.store.url,
                                                "limits": dataclasses.asdict(limits or WriteLimits())})
    app.state.store.close()
    # what uvicorn.run does for workers, but with TCP_NODELAY on the shared socket: uvicorn makes it
    # with protocol 0, so asyncio leaves Nagle on for the connections accepted from it (it turns it off
    # only on sockets that say IPPROTO_TCP, as one worker's are), and every response, written as
    # headers then body, waited for the client's delayed ACK: ~40 ms each. Linux's accepted sockets
    # inherit the option.
    config = uvicorn.Config(f"{__name__}:app_from_environment", factory=True, workers=workers, host=host, port=port,
                            log_level="warning")
    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the settings `serve` put in the environment."""
    from newsgraph.serve.app import create_app

    settings = json.loads(os.environ[SETTINGS_VARIABLE])
    return create_app(settings["db"], limits=WriteLimits(**settings["limits"]))
