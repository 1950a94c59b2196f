"""Optional TOTP second factor (RFC 6238, 30 s steps, ±1 step of clock drift)."""

from __future__ import annotations

import pyotp


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, email: str, issuer: str = "Wirework") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def verify(secret: str, code: str) -> bool:
    code = code.strip().replace(" ", "")
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()
