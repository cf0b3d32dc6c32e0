"""Passwords (argon2id), signed tokens and encryption of secrets at rest (Fernet, rotatable)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


class TokenInvalid(Exception):
    """A signed token is forged, altered or expired."""


class DecryptionError(Exception):
    """A secret could not be decrypted with any configured key."""


def hash_password(password: str) -> str:
    """argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-time check; ``False`` for an empty or malformed hash."""
    if not password_hash:
        _hasher.hash(password)  # same cost whether or not the account exists
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def fingerprint(value: str, purpose: str) -> str:
    """Keyed, non-reversible digest (HMAC-SHA256 with the app secret) for lookups without the value.

    Used for throttling keys, idempotency and cache keys: the database never holds the raw value.
    """
    key = f"{current_app.config['SECRET_KEY']}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def sign(payload: Any, salt: str) -> str:
    """URL-safe, timestamped signature of ``payload`` (JSON-serialisable)."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt).dumps(payload)


def unsign(token: str, salt: str, max_age: int) -> Any:
    """Payload of a token made by :func:`sign`; :class:`TokenInvalid` if altered or too old."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)
    try:
        return serializer.loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenInvalid("expired") from error
    except BadSignature as error:
        raise TokenInvalid("invalid") from error


def _fernet() -> MultiFernet:
    keys = current_app.extensions["tremplin.settings"].encryption_keys
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(plaintext: str) -> str:
    """Encrypt a secret for storage with the current key."""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    """Decrypt a stored secret with any configured key (rotation-friendly)."""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("secret cannot be decrypted with the configured keys") from error
