"""Code limits come from the settings mapping the engine passes, else Settings defaults."""

from __future__ import annotations

from wirework.nodes.code.limits import CodeLimits
from wirework.settings import Settings


def test_defaults() -> None:
    limits = CodeLimits.from_settings({})
    assert (limits.timeout, limits.memory_mb, limits.allowed_modules, limits.pool_size) == (60.0, 256, (), 2)


def test_mapping_and_settings_object() -> None:
    limits = CodeLimits.from_settings({"code_timeout": 5, "code_python_allowed_modules": "numpy, pandas"})
    assert limits.timeout == 5.0 and limits.allowed_modules == ("numpy", "pandas")
    s = Settings(code_memory_mb=512, code_python_pool_size=4)
    assert CodeLimits.from_settings(s).memory_mb == 512
    assert CodeLimits.from_settings(s).pool_size == 4
