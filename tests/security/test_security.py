from __future__ import annotations

import time
from pathlib import Path

import pytest

from wirework.security import (
    MASK,
    Action,
    CredentialCipher,
    DecryptionError,
    InstanceKeys,
    PasswordHasher,
    RateLimiter,
    TokenError,
    TokenService,
    allows,
    builtin_registry,
    scope_allows,
    totp,
)
from wirework.security.credential_types import mask, merge_masked
from wirework.security.keys import load_or_create_master


def test_generated_key_file_is_private_and_stable(tmp_path: Path) -> None:
    key = load_or_create_master(tmp_path / "data")
    path = tmp_path / "data" / "encryption.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_master(tmp_path / "data") == key and len(key) >= 43


def test_cipher_roundtrip_binds_the_credential_id() -> None:
    cipher = CredentialCipher(InstanceKeys.from_spec("secret-one"))
    blob = cipher.encrypt_json({"password": "hunter22"}, aad="cred1")
    assert blob.startswith(b"v1:") and b"hunter22" not in blob
    assert cipher.decrypt_json(blob, aad="cred1") == {"password": "hunter22"}
    with pytest.raises(DecryptionError, match="tampered"):
        cipher.decrypt_json(blob, aad="cred2")  # moved to another row
    assert cipher.encrypt(b"x", aad="a") != cipher.encrypt(b"x", aad="a")  # fresh nonces


def test_key_rotation_reads_old_and_writes_new() -> None:
    old = CredentialCipher(InstanceKeys.from_spec("old-key"))
    blob = old.encrypt(b"data", aad="c")
    new = CredentialCipher(InstanceKeys.from_spec("v2:new-key,v1:old-key"))
    assert new.decrypt(blob, aad="c") == b"data" and new.needs_rotation(blob)
    assert new.encrypt(b"data", aad="c").startswith(b"v2:")
    with pytest.raises(DecryptionError, match="unknown key version v2"):
        old.decrypt(new.encrypt(b"d", aad="c"), aad="c")


def test_passwords_argon2id_and_n8n_bcrypt() -> None:
    hasher = PasswordHasher(time_cost=1, memory_kib=1024)
    hashed = hasher.hash("correct horse")
    assert hashed.startswith("$argon2id$")
    assert hasher.verify("correct horse", hashed) == (True, None)
    assert hasher.verify("wrong", hashed)[0] is False
    import bcrypt

    legacy = bcrypt.hashpw(b"from n8n", bcrypt.gensalt(rounds=4)).decode()
    ok, upgraded = hasher.verify("from n8n", legacy)
    assert ok and upgraded is not None and upgraded.startswith("$argon2id$")
    assert hasher.verify("x", "not a hash") == (False, None)


def test_access_tokens_expire_and_are_typed() -> None:
    keys = InstanceKeys.from_spec("k")
    svc = TokenService(jwt_secret=keys.jwt_secret, hmac_key=keys.hmac_key, access_ttl=900, refresh_ttl=60)
    claims = svc.decode_access(svc.access_token(user_id="u1", role="admin"))
    assert (claims.user_id, claims.role) == ("u1", "admin")
    assert claims.expires_at - time.time() == pytest.approx(900, abs=5)
    expired = TokenService(jwt_secret=keys.jwt_secret, hmac_key=keys.hmac_key, access_ttl=-10, refresh_ttl=1)
    with pytest.raises(TokenError, match="expired"):
        svc.decode_access(expired.access_token(user_id="u", role="member"))
    other = InstanceKeys.from_spec("other")
    forged = TokenService(jwt_secret=other.jwt_secret, hmac_key=other.hmac_key, access_ttl=900, refresh_ttl=1)
    with pytest.raises(TokenError, match="invalid"):
        svc.decode_access(forged.access_token(user_id="u", role="admin"))


def test_api_keys_are_random_and_hashed() -> None:
    keys = InstanceKeys.from_spec("k")
    svc = TokenService(jwt_secret=keys.jwt_secret, hmac_key=keys.hmac_key, access_ttl=1, refresh_ttl=1)
    a, b = svc.new_api_key(), svc.new_api_key()
    assert a != b and a.startswith("ww_") and len(a) == 46
    assert svc.digest(a) == svc.digest(a) != svc.digest(b) and a not in svc.digest(a)


def test_roles_and_scopes() -> None:
    assert allows("viewer", Action.READ) and not allows("viewer", Action.UPDATE)
    assert allows("editor", Action.EXECUTE) and not allows("editor", Action.DELETE)
    assert allows("owner", Action.SHARE) and not allows(None, Action.READ)
    assert scope_allows(None, "workflow:write") and scope_allows(["*"], "audit:read")
    assert scope_allows(["workflow:write"], "workflow:read")
    assert not scope_allows(["workflow:read"], "workflow:write")


def test_rate_limiter_reports_retry_after() -> None:
    rl = RateLimiter(2, window=60)
    assert rl.hit("ip", now=0) is None and rl.hit("ip", now=1) is None
    assert rl.hit("ip", now=2) == 58
    assert rl.hit("other", now=2) is None
    assert rl.hit("ip", now=61) is None


def test_totp() -> None:
    secret = totp.new_secret()
    assert totp.verify(secret, totp.current_code(secret))
    assert not totp.verify(secret, "abc") and "otpauth://" in totp.provisioning_uri(secret, email="a@b.c")


def test_credential_types_mask_and_validate() -> None:
    reg = builtin_registry()
    basic = reg.get("httpBasicAuth")
    assert basic is not None and basic.secret_fields == {"password"}
    masked = mask(basic, {"user": "u", "password": "p"})
    assert masked == {"user": "u", "password": MASK}
    assert merge_masked({"user": "u", "password": "p"}, masked) == {"user": "u", "password": "p"}
    pg = reg.get("postgres")
    assert pg is not None and pg.validate({"host": "", "port": "x"}) == [
        "'host' is required", "'port' must be a number"]
