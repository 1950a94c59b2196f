"""Settings come from WIREWORK_* environment variables, lists as `a,b` or as a JSON list."""

from __future__ import annotations

import pytest

from wirework.settings import Settings


@pytest.mark.parametrize("raw", ["http://a.test, http://b.test", '["http://a.test", "http://b.test"]'])
def test_list_settings_accept_commas_or_json(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("WIREWORK_CORS_ORIGINS", raw)
    monkeypatch.setenv("WIREWORK_CODE_PYTHON_ALLOWED_MODULES", "numpy,pandas")
    settings = Settings()
    assert settings.cors_origins == ["http://a.test", "http://b.test"]
    assert settings.code_python_allowed_modules == ["numpy", "pandas"]


def test_unset_lists_are_empty_and_defaults_match_n8n(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WIREWORK_CORS_ORIGINS", "WIREWORK_TIMEZONE", "WIREWORK_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.cors_origins == []
    assert (settings.timezone, settings.port) == ("America/New_York", 5678)
