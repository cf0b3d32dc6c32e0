"""Sandbox API Particulier tokens: JWS HS256 with the staging claims (``uid``, ``jti``, ``sub``,
``iat``, ``version``, ``exp``, ``scopes``), signed with a public sandbox key.

The official staging token cannot be verified here (its key is private), so the sandbox mints its
own: ``python -m plugins.sandboxes.api_particulier token --scopes cnaf_quotient_familial``.
:data:`DEMO_TOKEN` grants every scope the sandbox serves and never expires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterable
from typing import Any

from plugins.sandboxes.api_particulier.endpoints import ALL_SCOPES

SANDBOX_KEY = b"tremplin-sandbox-signing-key--public--not-a-secret"
DEMO_JTI = "00000000-0000-4000-8000-000000000001"
DEMO_EXPIRY = 4102444800  # 2100-01-01


class InvalidToken(Exception):
    """Not a JWS signed with the sandbox key."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint(
    scopes: Iterable[str] = ALL_SCOPES,
    *,
    expires_at: int | None = None,
    jti: str | None = None,
    issued_at: int | None = None,
) -> str:
    """A token with ``scopes``, valid until ``expires_at`` (18 months by default)."""
    now = int(time.time()) if issued_at is None else issued_at
    claims = {
        "uid": jti or str(uuid.uuid4()),
        "jti": jti or str(uuid.uuid4()),
        "sub": "Tremplin sandbox",
        "iat": now,
        "version": "1.0",
        "exp": expires_at if expires_at is not None else now + 18 * 30 * 86400,
        "scopes": sorted(set(scopes)),
    }
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(SANDBOX_KEY, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def decode(token: str) -> dict[str, Any]:
    """The claims of a sandbox token; :class:`InvalidToken` if forged or malformed."""
    try:
        header, payload, signature = token.split(".")
        expected = hmac.new(SANDBOX_KEY, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise InvalidToken("bad signature")
        claims = json.loads(_unb64(payload))
    except (ValueError, TypeError) as error:
        raise InvalidToken("malformed") from error
    if not isinstance(claims, dict) or not isinstance(claims.get("scopes"), list):
        raise InvalidToken("claims")
    return claims


DEMO_TOKEN = mint(ALL_SCOPES, expires_at=DEMO_EXPIRY, jti=DEMO_JTI, issued_at=1767225600)
