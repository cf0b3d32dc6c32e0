import pytest

from app.core.security import (
    DecryptionError,
    TokenInvalid,
    decrypt,
    encrypt,
    fingerprint,
    hash_password,
    sign,
    unsign,
    verify_password,
)


def test_password_hash_is_argon2_and_verifies():
    hashed = hash_password("un mot de passe assez long")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "un mot de passe assez long")
    assert not verify_password(hashed, "autre chose")
    assert not verify_password("", "x")
    assert not verify_password("not-a-hash", "x")


def test_encryption_round_trip_and_rotation(app, monkeypatch):
    import dataclasses

    from cryptography.fernet import Fernet

    with app.app_context():
        secret = encrypt("jeton-api-particulier")
        assert "jeton" not in secret
        assert decrypt(secret) == "jeton-api-particulier"
        settings = app.extensions["tremplin.settings"]
        rotated = dataclasses.replace(
            settings, encryption_keys=(Fernet.generate_key().decode(), *settings.encryption_keys)
        )
        monkeypatch.setitem(app.extensions, "tremplin.settings", rotated)
        assert decrypt(secret) == "jeton-api-particulier"  # old key still decrypts
        monkeypatch.setitem(
            app.extensions,
            "tremplin.settings",
            dataclasses.replace(settings, encryption_keys=(Fernet.generate_key().decode(),)),
        )
        with pytest.raises(DecryptionError):
            decrypt(secret)


def test_signed_tokens_expire_and_detect_tampering(app):
    with app.test_request_context():
        token = sign({"uid": 1}, "salt")
        assert unsign(token, "salt", 60) == {"uid": 1}
        with pytest.raises(TokenInvalid):
            unsign(token + "x", "salt", 60)
        with pytest.raises(TokenInvalid):
            unsign(token, "other-salt", 60)
        with pytest.raises(TokenInvalid):
            unsign(token, "salt", -1)


def test_fingerprint_is_keyed_and_purpose_bound(app):
    with app.app_context():
        a = fingerprint("jean@exemple.fr", "login")
        assert a == fingerprint("jean@exemple.fr", "login")
        assert a != fingerprint("jean@exemple.fr", "cache")
        assert "jean" not in a
