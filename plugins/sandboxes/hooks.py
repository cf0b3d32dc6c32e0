"""Flask hooks every sandbox installs: faults, request log and the ``/_sandbox/*`` routes."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, Request, Response, g, jsonify, request

from plugins.sandboxes.common import (
    FAULT_HEADER,
    Fault,
    InvalidFault,
    Record,
    SandboxState,
    fingerprint,
)

CONTROL_PREFIX = "/_sandbox"
Credential = Callable[[Request], str]
FaultResponse = Callable[[Fault], Response]


def garbage_response(fault: Fault) -> Response:
    """200 answers whose body is not (complete) JSON."""
    if fault.kind == "truncated":
        body = '{"data": {"quotient_familial": {"valeur": 12'
    else:
        body = "<html><body>Proxy error</body></html>"
    return Response(body, 200, content_type="application/json")


def provider_delay() -> None:
    """Sleep for a ``latency=S`` fault: views call it where the real API waits for its provider
    (after taking the in-flight lock, so that a concurrent identical request gets a 409)."""
    delay = g.get("sandbox_latency")
    if delay:
        time.sleep(delay)


def install(
    app: Flask, state: SandboxState, *, credential: Credential, fault_response: FaultResponse
) -> None:
    """Register the hooks and control routes on ``app``."""

    @app.before_request
    def _inject_fault() -> Response | None:
        if request.path.startswith(CONTROL_PREFIX):
            return None
        g.sandbox_arrival = time.time()
        g.sandbox_credential = credential(request)
        header = request.headers.get(FAULT_HEADER)
        try:
            fault = Fault.parse(header) if header else state.faults.pop(g.sandbox_credential)
        except InvalidFault as error:
            return Response(str(error), 400, content_type="text/plain")
        if fault is None:
            return None
        if fault.kind == "latency":
            g.sandbox_latency = fault.value or 0.0
            return None
        if fault.kind == "timeout":
            time.sleep(fault.value if fault.value is not None else state.timeout_seconds)
            return fault_response(Fault("504"))
        if fault.kind in ("garbage", "truncated"):
            return garbage_response(fault)
        return fault_response(fault)

    @app.after_request
    def _log(response: Response) -> Response:
        if not request.path.startswith(CONTROL_PREFIX):
            state.log.add(
                Record(
                    at=g.get("sandbox_arrival", time.time()),
                    method=request.method,
                    path=request.path,
                    credential=fingerprint(g.get("sandbox_credential", "")),
                    status=response.status_code,
                )
            )
        return response

    @app.get(f"{CONTROL_PREFIX}/health")
    def _health() -> Response:
        return jsonify(status="ok")

    @app.post(f"{CONTROL_PREFIX}/faults")
    def _queue_fault() -> tuple[Response, int]:
        body = request.get_json(silent=True) or {}
        try:
            state.faults.push(
                Fault.parse(str(body.get("fault", ""))),
                count=int(body.get("count", 1)),
                credential=body.get("credential") or None,
            )
        except (InvalidFault, ValueError) as error:
            return jsonify(error=str(error)), 400
        return jsonify(queued=True), 201

    @app.get(f"{CONTROL_PREFIX}/requests")
    def _requests() -> Response:
        records = state.log.records(request.args.get("path", ""))
        return jsonify(
            count=len(records),
            requests=[
                {"at": r.at, "method": r.method, "path": r.path, "status": r.status}
                for r in records
            ],
        )

    @app.post(f"{CONTROL_PREFIX}/reset")
    def _reset() -> Response:
        state.reset()
        return jsonify(reset=True)
