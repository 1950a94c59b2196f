"""Code-node limits, read from the instance settings the engine passes (``ctx.settings``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wirework.settings import Settings

_DEFAULTS = Settings.model_fields


def _default(name: str) -> Any:
    field = _DEFAULTS[name]
    return field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]


@dataclass(frozen=True, slots=True)
class CodeLimits:
    timeout: float
    memory_mb: int
    allowed_modules: tuple[str, ...]
    pool_size: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | Settings) -> CodeLimits:
        def get(name: str) -> Any:
            value = settings.get(name) if isinstance(settings, Mapping) else getattr(settings, name, None)
            return _default(name) if value is None else value

        modules = get("code_python_allowed_modules")
        if isinstance(modules, str):
            modules = [m.strip() for m in modules.split(",")]
        return cls(
            timeout=float(get("code_timeout")),
            memory_mb=int(get("code_memory_mb")),
            allowed_modules=tuple(sorted({str(m) for m in modules if str(m).strip()})),
            pool_size=int(get("code_python_pool_size")),
        )
