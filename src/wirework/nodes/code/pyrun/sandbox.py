"""How a Python runner process is started: bubblewrap when present, else a user+network
namespace via ``unshare`` when the kernel allows, else a plain isolated interpreter.

In every case the interpreter runs ``-I -S`` with an empty environment; the runner itself adds
rlimits and an audit hook per job. bubblewrap adds a read-only view of only the interpreter,
system libraries and (when third-party modules are allowed) site-packages: no ``/etc``, no home,
no data directory, no network, its own PID namespace.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RUNNER = Path(__file__).with_name("_runner.py")


@dataclass(frozen=True, slots=True)
class RunnerSpec:
    """Everything that fixes how a pool's runner processes start."""

    allowed_modules: tuple[str, ...] = ()
    isolation: str = "auto"  # auto | bwrap | unshare | none
    memory_mb: int = 256


def _python() -> str:
    return os.path.realpath(sys.executable)


def site_paths() -> list[str]:
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    return sorted(p for p in paths if os.path.isdir(p))


def read_roots(spec: RunnerSpec) -> list[str]:
    """Directories user code may read: the stdlib, zoneinfo data and allowed packages."""
    roots = {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"], "/usr/share/zoneinfo"}
    roots.add(os.path.join(sys.base_prefix, "lib"))
    roots.update(site_paths())  # tzdata lives here; imports beyond the allow-list are refused
    return sorted(r for r in roots if os.path.isdir(r))


@lru_cache(maxsize=1)
def _runner_source() -> str:
    return RUNNER.read_text(encoding="utf-8")


#: preferred first: an unprivileged uid in its own user namespace, no capabilities
_BWRAP_USER_MODES = (
    ("--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL"),
    ("--cap-drop", "ALL"),
)


@lru_cache(maxsize=1)
def _bwrap() -> tuple[str, tuple[str, ...]] | None:
    """bubblewrap's path and the user-namespace flags that work on this host."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    for extra in _BWRAP_USER_MODES:
        probe = [path, *extra, *_bwrap_args(RunnerSpec()), _python(), "-I", "-S", "-c", "pass"]
        if _works(probe):
            return path, extra
    return None


@lru_cache(maxsize=1)
def _unshare() -> str | None:
    path = shutil.which("unshare")
    if path is None:
        return None
    return path if _works([path, "--user", "--map-root-user", "--net", _python(), "-I", "-S", "-c", "pass"]) else None


def _works(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, env={}, capture_output=True, timeout=10, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def isolation_available() -> str:
    """The strongest isolation this host offers: ``bwrap``, ``unshare`` or ``none``."""
    if _bwrap():
        return "bwrap"
    if _unshare():
        return "unshare"
    return "none"


def _bwrap_args(spec: RunnerSpec) -> list[str]:
    binds = {sys.base_prefix, os.path.dirname(_python())}
    if spec.allowed_modules:
        binds.update(site_paths())
    args = ["--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--chdir", "/tmp",
            "--ro-bind", "/usr", "/usr"]
    for name in ("lib", "lib64", "bin", "sbin"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for path in sorted(binds):
        real = os.path.realpath(path)
        if os.path.exists(real) and not real.startswith("/usr/"):
            args += ["--ro-bind", real, real]
    return args


def runner_command(spec: RunnerSpec, config_json: str) -> tuple[list[str], str]:
    """The argv that starts one runner, and the isolation it got."""
    # the runner's source goes in argv, so the sandbox needs no view of wirework's files
    base = [_python(), "-I", "-S", "-c", _runner_source(), config_json]
    mode = spec.isolation if spec.isolation != "auto" else isolation_available()
    if mode == "bwrap" and (bwrap := _bwrap()):
        return [bwrap[0], *bwrap[1], *_bwrap_args(spec), *base], "bwrap"
    if mode in ("bwrap", "unshare") and (unshare := _unshare()):
        return [unshare, "--user", "--map-root-user", "--net", *base], "unshare"
    return base, "none"
