"""Command-line helper shared by the sandboxes' ``__main__`` modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from plugins.sandboxes.common import LiveServer


def serve(app: Any, host: str, port: int, banner: str) -> None:
    """Serve ``app`` until Ctrl+C (access log without query strings)."""
    server = LiveServer(app, host, port, quiet=False)
    sys.stdout.write(f"{banner}\n  → {server.url}  (Ctrl+C pour arrêter)\n")
    sys.stdout.flush()
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server.server_close()


def parser(description: str, default_port: int) -> argparse.ArgumentParser:
    """``--host`` / ``--port`` options."""
    result = argparse.ArgumentParser(description=description)
    result.add_argument("--host", default="127.0.0.1")
    result.add_argument("--port", type=int, default=default_port)
    return result


def run(main: Callable[[list[str]], int]) -> None:
    """Exit with ``main``'s status."""
    raise SystemExit(main(sys.argv[1:]))
