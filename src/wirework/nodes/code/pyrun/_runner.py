"""Python Code-node runner: a pre-started "zygote" that forks one child per job.

Started by the pool as ``python -I -S _runner.py CONFIG`` (inside bubblewrap or a user+network
namespace when the host allows), with an empty environment. Standard library only: this file
is never imported by wirework itself.

Protocol on stdin/stdout: frames of a 4-byte big-endian length plus UTF-8 JSON. The zygote
answers ``{"ready": …}`` once, then one response per request. For each job it forks; the child
drops its limits (address space, CPU seconds, file descriptors, processes), installs an audit
hook (reads only under the allowed roots, no writes, no processes, no sockets, no ctypes), runs
the user's code as a function body and writes its result into a pipe. The zygote relays those
bytes, or reports a timeout/kill, and reaps the child.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import datetime as _dt
import json
import os
import resource
import selectors
import signal
import struct
import sys
import time
import traceback
from typing import Any

# modules user code commonly needs: imported once here, shared copy-on-write by every job
for _name in ("base64", "collections", "copy", "decimal", "functools", "hashlib", "itertools",
              "math", "random", "re", "statistics", "string", "textwrap", "uuid", "zoneinfo",
              "urllib.parse", "html", "unicodedata", "operator", "fractions", "difflib"):
    with contextlib.suppress(Exception):
        __import__(_name)

import gc  # noqa: E402
import zoneinfo  # noqa: E402

MIB = 1024 * 1024
#: third-party packages the stdlib itself relies on (zoneinfo's fallback time-zone data)
ALWAYS_ALLOWED = frozenset({"tzdata"})
DENIED_MODULES = frozenset({"ctypes", "_ctypes", "_posixsubprocess", "_xxsubinterpreters", "cffi"})
DENIED_EVENTS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "os.kill", "os.killpg", "pty.spawn", "os.putenv", "os.unsetenv",
    "os.chmod", "os.chown", "os.mkdir", "os.remove", "os.rename", "os.rmdir", "os.symlink",
    "os.link", "os.truncate", "os.utime", "os.chdir", "os.chroot", "os.setxattr",
    "os.removexattr", "shutil.rmtree", "shutil.copyfile", "shutil.move", "resource.setrlimit",
    "resource.prlimit", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
    "sys._current_frames", "sys.settrace", "sys.setprofile", "signal.pthread_kill",
    "mmap.__new__", "os.setuid", "os.setgid",
})
EXIT_NO_RESULT = 3


# --- framing ---------------------------------------------------------------------------------
def read_exact(fd: int, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def read_frame(fd: int) -> bytes | None:
    head = read_exact(fd, 4)
    if head is None:
        return None
    return read_exact(fd, struct.unpack(">I", head)[0])


def write_frame(fd: int, payload: bytes) -> None:
    data = struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# --- the zygote ------------------------------------------------------------------------------
def main() -> None:
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    for path in config.get("paths", []):
        sys.path.append(path)
    os.environ.clear()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    config["read_roots"] = [os.path.realpath(p) for p in config.get("read_roots", [])]
    for zone in ("UTC", "America/New_York"):  # n8n's default zone and UTC, shared by all children
        with contextlib.suppress(Exception):
            zoneinfo.ZoneInfo(zone)
    gc.freeze()
    ready = {"ready": True, "pid": os.getpid(), "python": sys.version.split()[0]}
    write_frame(1, json.dumps(ready).encode())
    spare = prefork(config)
    while True:
        raw = read_frame(0)
        if raw is None:
            os.close(spare[1])  # the spare child reads EOF and exits
            return
        response, pid = run_job(raw, spare)
        write_frame(1, response)  # answer first: forking the next spare and reaping come after
        spare = prefork(config)
        if pid:
            os.waitpid(pid, 0)


def prefork(config: dict[str, Any]) -> tuple[int, int, int]:
    """Fork the child for the *next* job now, so no fork sits on a job's critical path.

    Returns (pid, fd to send it the job, fd to read its answer)."""
    jr, jw = os.pipe()
    rr, rw = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(jw)
        os.close(rr)
        warm_up()
        raw = read_frame(jr)
        os.close(jr)
        if raw is None:
            os._exit(0)
        child_main(raw, rw, config)
    os.close(jr)
    os.close(rw)
    return pid, jw, rr


def warm_up() -> None:
    """Idle-time work in a spare child: detach from the zygote's stdio and take the
    copy-on-write page faults of a typical job now, not while the job waits."""
    devnull = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    with contextlib.suppress(Exception):
        req = json.loads('{"code": "return _input.all()", "data": {"items": [{"json": {"a": [1]}}]}}',
                         object_hook=Obj)
        json.dumps(execute(req), default=to_jsonable)
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__


def split_request(raw: bytes) -> tuple[bytes, bytes]:
    """A request is ``len(header) | header JSON | data JSON``; the zygote reads only the header."""
    size = struct.unpack(">I", raw[:4])[0]
    return raw[4:4 + size], raw[4 + size:]


def run_job(raw: bytes, spare: tuple[int, int, int]) -> tuple[bytes, int]:
    """Hand the job to the spare child; returns the response and the pid still to reap (or 0)."""
    req = json.loads(split_request(raw)[0], object_hook=Obj)
    pid, jw, rr = spare
    with contextlib.suppress(OSError):  # a dead spare shows up as EOF in collect()
        write_frame(jw, raw)
    os.close(jw)
    prepare(req)  # runs while the child works; benefits the spares forked from now on
    data, timed_out = collect(rr, pid, float(req.get("timeout", 60)))
    os.close(rr)
    if data is not None:
        return data, pid
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return json.dumps({"failure": "timeout"}).encode(), 0
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        kind = "timeout" if sig == signal.SIGXCPU else "killed"
        return json.dumps({"failure": kind, "signal": sig}).encode(), 0
    return json.dumps({"failure": "exit", "code": os.WEXITSTATUS(status)}).encode(), 0


_COMPILED: dict[str, object] = {}


def prepare(req: dict[str, Any]) -> None:
    """Work done in the zygote so that it is shared by later children: compiling the code
    (cached by its text) and loading the time zone. Neither runs user code."""
    code = req.get("code", "")
    if code not in _COMPILED:
        _COMPILED[code] = compiled(code)
        if len(_COMPILED) > 256:
            _COMPILED.pop(next(iter(_COMPILED)))
    with contextlib.suppress(Exception):
        zoneinfo.ZoneInfo(req.get("timezone") or "UTC")
    gc.freeze()  # keep the collector from touching (and copying) the zygote's pages


def collect(rfd: int, pid: int, timeout: float) -> tuple[bytes | None, bool]:
    """The child's framed answer, or (None, timed_out) when it died or overran (then killed)."""
    deadline = time.monotonic() + timeout
    buf = bytearray()
    need = 4
    with selectors.DefaultSelector() as sel:
        sel.register(rfd, selectors.EVENT_READ)
        while len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                os.kill(pid, signal.SIGKILL)
                return None, True
            chunk = os.read(rfd, 1 << 20)
            if not chunk:
                return None, False
            buf += chunk
            if need == 4 and len(buf) >= 4:
                need = 4 + struct.unpack(">I", bytes(buf[:4]))[0]
    return bytes(buf[4:need]), False


# --- the child -------------------------------------------------------------------------------
def child_main(raw: bytes, wfd: int, config: dict[str, Any]) -> None:
    try:
        header, body = split_request(raw)
        del raw
        req = json.loads(header, object_hook=Obj)
        set_limits(req)
        req["data"] = json.loads(body, object_hook=Obj)  # under the memory limit
        del body
        sys.modules.pop("__main__", None)
        install_guard(config, req)
        result = execute(req)
        payload = json.dumps(result, default=to_jsonable, ensure_ascii=False)
    except MemoryError:
        payload = json.dumps({"failure": "memory"})
    except BaseException as exc:
        payload = json.dumps({"failure": "internal", "message": f"{type(exc).__name__}: {exc}"})
    try:
        body = payload.encode("utf-8", "surrogatepass")
        view = memoryview(struct.pack(">I", len(body)) + body)
        while view:
            view = view[os.write(wfd, view):]
    finally:
        os._exit(0)


def set_limits(req: dict[str, Any]) -> None:
    mem = int(req.get("memory_mb", 256)) * MIB
    cpu = max(1, int(float(req.get("timeout", 60))) + 1)
    limits = [
        (resource.RLIMIT_AS, mem), (resource.RLIMIT_CPU, cpu), (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NOFILE, 64), (resource.RLIMIT_NPROC, 0),
    ]
    for what, value in limits:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(what, (value, value))


def install_guard(config: dict[str, Any], req: dict[str, Any]) -> None:
    roots = tuple(config.get("read_roots", []))
    allowed = frozenset(req.get("allowed_modules", []))

    def readable(path: object) -> bool:
        if isinstance(path, int):
            return True
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        if not isinstance(path, str):
            return False
        real = os.path.realpath(path)
        return any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots)

    site = tuple(os.path.realpath(p).rstrip("/") + "/" for p in config.get("site", []))
    permitted = allowed | ALWAYS_ALLOWED

    def package_of(path: str) -> str | None:
        """The top-level package a file under site-packages belongs to (None: not under it)."""
        real = os.path.realpath(path)
        for root in site:
            if real.startswith(root):
                first = real[len(root):].split("/", 1)[0]
                return first.split(".", 1)[0].split("-", 1)[0]
        return None

    def user_driven() -> bool:
        """True when user code, not an allowed package's own code, is behind this event.
        (``importlib.import_module``/``runpy`` called from user code count as user code.)"""
        frame = sys._getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename
            if name == "<code>":
                return True
            if site and name.startswith(site):
                return False
            frame = frame.f_back
        return False

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
            )
            if writing or not readable(path):
                raise PermissionError(f"Access to '{path}' is not allowed in the Code node")
            if site and isinstance(path, str):
                pkg = package_of(path)
                if pkg is not None and pkg not in permitted and user_driven():
                    raise PermissionError(not_allowed(pkg))
        elif event in ("os.listdir", "os.scandir"):
            if args and args[0] is not None and not readable(args[0]):
                raise PermissionError(f"Access to '{args[0]}' is not allowed in the Code node")
        elif event in DENIED_EVENTS or event.startswith(("ctypes.", "socket.", "winreg.")):
            what = "Starting processes" if event.startswith(("os.", "subprocess", "pty")) else "This operation"
            raise PermissionError(f"{what} is not allowed in the Code node ({event})")
        elif event == "import":
            top = str(args[0]).partition(".")[0]
            if top in DENIED_MODULES:
                raise ImportError(f"Importing '{top}' is not allowed in the Code node")
            if top not in sys.stdlib_module_names and top not in permitted and user_driven():
                raise ImportError(not_allowed(top))

    sys.addaudithook(hook)
    os.environ = DeniedEnviron()  # type: ignore[assignment]  # noqa: B003 - already cleared
    builtins.__import__ = make_import(builtins.__import__, allowed)


class DeniedEnviron(dict):  # type: ignore[type-arg]
    """The child's environment is empty; reading it from user code is a clear error."""

    def _deny(self) -> None:
        frame = sys._getframe(2)
        if frame.f_code.co_filename == "<code>":
            raise PermissionError("Access to the environment (os.environ) is not allowed in the Code node")

    def __getitem__(self, key: object) -> str:
        self._deny()
        raise KeyError(key)

    def get(self, key: object, default: object = None) -> object:
        self._deny()
        return default

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._deny()
        return iter(())

    def copy(self) -> dict[str, Any]:
        self._deny()
        return {}

    def __contains__(self, key: object) -> bool:
        self._deny()
        return False

    def keys(self):  # type: ignore[no-untyped-def]
        self._deny()
        return {}.keys()

    def items(self):  # type: ignore[no-untyped-def]
        self._deny()
        return {}.items()


def not_allowed(top: str) -> str:
    return (f"Module '{top}' is not allowed in the Code node; an administrator can add it "
            "to the allowed modules (WIREWORK_CODE_PYTHON_ALLOWED_MODULES)")


def make_import(real_import, allowed: frozenset[str]):  # type: ignore[no-untyped-def]
    """``__import__`` that applies the allow-list to imports written in user code."""
    stdlib = sys.stdlib_module_names

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):  # type: ignore[no-untyped-def]
        top = name.partition(".")[0]
        if level == 0 and globals is not None and globals.get("__name__") == "__code__":
            if top in DENIED_MODULES:
                raise ImportError(f"Importing '{top}' is not allowed in the Code node")
            if top not in stdlib and top not in allowed:
                raise ImportError(not_allowed(top))
        return real_import(name, globals, locals, fromlist, level)

    return guarded


# --- running user code ------------------------------------------------------------------------
class Obj(dict):  # type: ignore[type-arg]
    """A dict that also reads and writes keys as attributes (``item.json.name``)."""

    def __getattr__(self, key: str):  # type: ignore[no-untyped-def]
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: object) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None


class UserError(Exception):
    pass


class Input:
    def __init__(self, items: list[Any], index: int | None, params: dict[str, Any]) -> None:
        self._items = items
        self._index = index
        self.params = params
        self.context: dict[str, Any] = Obj()

    def all(self) -> list[Any]:
        return self._items

    def first(self):  # type: ignore[no-untyped-def]
        return self._items[0] if self._items else None

    def last(self):  # type: ignore[no-untyped-def]
        return self._items[-1] if self._items else None

    @property
    def item(self):  # type: ignore[no-untyped-def]
        if self._index is None:
            raise UserError("Can't use _input.item here: it is only available in 'Run Once for Each Item' "
                            "mode; use _input.first() or _input.all() instead")
        return self._items[self._index]


class NodeData:
    def __init__(self, name: str, data: dict[str, Any] | None, index: int | None) -> None:
        self._name = name
        self._data = data
        self._index = index

    def _runs(self) -> list[Any]:
        if self._data is None:
            raise UserError(f"Referenced node doesn't exist: '{self._name}'")
        runs = self._data.get("runs") or []
        if not runs:
            raise UserError(f"Node '{self._name}' hasn't been executed")
        return runs

    @property
    def is_executed(self) -> bool:
        return bool(self._data and self._data.get("runs"))

    isExecuted = is_executed

    @property
    def params(self) -> dict[str, Any]:
        return (self._data or {}).get("params") or Obj()

    def all(self, branch_index: int = 0, run_index: int = -1) -> list[Any]:
        runs = self._runs()
        outputs = runs[run_index] if -len(runs) <= run_index < len(runs) else []
        return outputs[branch_index] if 0 <= branch_index < len(outputs) else []

    def first(self, branch_index: int = 0, run_index: int = -1):  # type: ignore[no-untyped-def]
        items = self.all(branch_index, run_index)
        return items[0] if items else None

    def last(self, branch_index: int = 0, run_index: int = -1):  # type: ignore[no-untyped-def]
        items = self.all(branch_index, run_index)
        return items[-1] if items else None

    @property
    def item(self):  # type: ignore[no-untyped-def]
        self._runs()
        paired = (self._data or {}).get("paired")
        index = 0 if self._index is None else self._index
        if paired is None or index >= len(paired) or paired[index] is None:
            raise UserError(f"Can't get the paired item of node '{self._name}' for item {index}; "
                            "use .first(), .last() or .all() instead")
        return paired[index]


class Console:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, *args: object, sep: str | None = " ", end: str | None = "\n", **_: object) -> None:
        text = (sep if sep is not None else " ").join(str(a) for a in args)
        self.lines.append(text)

    def write(self, text: str) -> int:
        if text.strip():
            self.lines.append(text.rstrip("\n"))
        return len(text)

    def flush(self) -> None:
        return None


def compiled(code: str) -> object:
    """The code object, or the exception compiling raised (reported to the user later)."""
    try:
        return compile_user(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        return exc


def compile_user(code: str):  # type: ignore[no-untyped-def]
    """The user's code as the body of a function (top-level ``return`` allowed)."""
    tree = ast.parse(code, filename="<code>", mode="exec")
    body = tree.body or [ast.Pass()]
    func = ast.FunctionDef(
        name="__code__", args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                             kw_defaults=[], kwarg=None, defaults=[]),
        body=body, decorator_list=[], returns=None, type_comment=None,
        **({"type_params": []} if "type_params" in ast.FunctionDef._fields else {}),  # type: ignore[arg-type]
    )
    module = ast.Module(body=[func], type_ignores=[])
    ast.fix_missing_locations(ast.copy_location(func, body[0]))
    ast.fix_missing_locations(module)
    return compile(module, "<code>", "exec")


def base_globals(req: dict[str, Any], console: Console) -> dict[str, Any]:
    tz = zoneinfo.ZoneInfo(req.get("timezone") or "UTC")
    now = _dt.datetime.now(tz)
    safe_builtins = dict(vars(builtins))
    safe_builtins["print"] = console.print
    return {
        "__builtins__": safe_builtins, "__name__": "__code__",
        "_now": now, "_today": now.replace(hour=0, minute=0, second=0, microsecond=0),
        "_workflow": Obj(req.get("workflow") or {}), "_execution": Obj(req.get("execution") or {}),
        "_prevNode": Obj(req.get("prev_node") or {}), "_runIndex": req.get("run_index", 0),
        "_vars": Obj(req.get("vars") or {}),
    }


def node_accessor(nodes: dict[str, Any], index: int | None):  # type: ignore[no-untyped-def]
    def accessor(name: str) -> NodeData:
        return NodeData(name, nodes.get(name), index)
    return accessor


def execute(req: dict[str, Any]) -> dict[str, Any]:
    console = Console()
    sys.stdout = sys.stderr = console
    code = _COMPILED.get(req["code"]) or compiled(req["code"])
    if isinstance(code, SyntaxError):
        return {"results": [{"error": {"message": f"{type(code).__name__}: {code.msg}", "line": code.lineno,
                                       "type": type(code).__name__}}], "console": console.lines}
    if isinstance(code, Exception):
        return {"results": [{"error": {"message": f"{type(code).__name__}: the code could not be compiled",
                                       "type": type(code).__name__}}], "console": console.lines}
    data = req["data"]
    items, nodes, params = data["items"], data.get("nodes") or {}, data.get("params") or Obj()
    base = base_globals(req, console)
    if req.get("mode") == "runOnceForEachItem":
        results = []
        for index, item in enumerate(items):
            scope = dict(base, _input=Input(items, index, params), _item=item, _json=item.get("json"),
                         _itemIndex=index, _=node_accessor(nodes, index))
            results.append(run_once(code, scope))
            if "error" in results[-1] and not req.get("continue_on_fail"):
                break
        return {"results": results, "console": console.lines}
    first = items[0].get("json") if items else Obj()
    scope = dict(base, _input=Input(items, None, params), _items=items, _json=first,
                 _itemIndex=0, _=node_accessor(nodes, None))
    return {"results": [run_once(code, scope)], "console": console.lines}


def run_once(code, scope: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    try:
        exec(code, scope)
        return {"value": scope["__code__"]()}
    except MemoryError:
        return {"error": {"message": "MemoryError: the code ran out of memory", "kind": "memory"}}
    except RecursionError as exc:
        return {"error": describe(exc, "RecursionError: maximum recursion depth exceeded")}
    except UserError as exc:
        return {"error": describe(exc, str(exc))}
    except BaseException as exc:
        return {"error": describe(exc, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)}


def describe(exc: BaseException, message: str) -> dict[str, Any]:
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<code>":
            line = lineno
    return {"message": message, "line": line, "type": type(exc).__name__}


def to_jsonable(value: object) -> object:
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "__float__") and not isinstance(value, complex):
        return float(value)
    return str(value)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        main()
