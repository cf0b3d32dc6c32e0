"""Each sandbox runs standalone with one command (``python -m plugins.sandboxes.<name>``)."""

import socket
import subprocess
import sys
import time

import httpx

from plugins.sandboxes.api_particulier.__main__ import main as particulier_main
from plugins.sandboxes.api_particulier.tokens import decode


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_one_command_each() -> None:
    modules = ("api_particulier", "impot_particulier", "demo")
    ports = {name: _free_port() for name in modules}
    processes = [
        subprocess.Popen(  # noqa: S603 — our own module, fixed arguments
            [sys.executable, "-m", f"plugins.sandboxes.{name}", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, port in ports.items()
    ]
    try:
        for port in ports.values():
            deadline = time.monotonic() + 15
            while True:
                try:
                    response = httpx.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "sandbox did not start"
                    time.sleep(0.1)
            assert response.json() == {"status": "ok"}
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_token_command(capsys) -> None:  # type: ignore[no-untyped-def]
    assert particulier_main(["token", "--scopes", "cnaf_quotient_familial,cnaf_enfants"]) == 0
    claims = decode(capsys.readouterr().out.strip())
    assert claims["scopes"] == ["cnaf_enfants", "cnaf_quotient_familial"]
