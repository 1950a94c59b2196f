"""Python Code-node runner: a pre-started "zygote" that forks warm workers.

Started by the pool as ``python -I -S -c <this file> CONFIG`` (inside bubblewrap or a user+network
namespace when the host allows), with an empty environment and a SOCK_SEQPACKET control socket
on fd 0. Standard library only: this file is never imported by wirework itself.

The zygote keeps one worker forked ahead. On ``{"op": "take"}`` it passes that worker's socket
to the parent (SCM_RIGHTS) and forks the next; it also kills workers and reports how they
exited. The parent then exchanges jobs with the worker directly: frames of a 4-byte big-endian
length plus ``len(header) | header JSON | data JSON``, answered by one JSON frame each. Before
its first job a worker warms up, drops its limits (address space, file descriptors, processes)
and installs an audit hook (reads only under the allowed roots, no writes, no processes, no
sockets, no ctypes); each job then gets a CPU budget and fresh globals.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import datetime as _dt
import json
import os
import resource
import signal
import socket
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
    """Serve control requests on fd 0 (a SOCK_SEQPACKET socket: one datagram per message)."""
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    for path in config.get("paths", []):
        sys.path.append(path)
    os.environ.clear()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    config["read_roots"] = [os.path.realpath(p) for p in config.get("read_roots", [])]
    for zone in ("UTC", "America/New_York"):  # n8n's default zone and UTC, shared by all workers
        with contextlib.suppress(Exception):
            zoneinfo.ZoneInfo(zone)
    gc.freeze()
    control = socket.socket(fileno=0)
    control.send(json.dumps({"ready": True, "pid": os.getpid(), "python": sys.version.split()[0]}).encode())
    zygote = Zygote(control, config)
    zygote.serve()


class Zygote:
    """Keeps one warm worker forked ahead, hands workers' sockets to the parent, kills and
    reaps them. It never sees a job: the parent talks to each worker directly."""

    def __init__(self, control: socket.socket, config: dict[str, Any]) -> None:
        self.control = control
        self.config = config
        self.exits: dict[int, dict[str, Any]] = {}  # reaped workers' statuses, until asked for
        self.live: set[int] = set()  # forked and not yet reaped
        self.spare = self.prefork()

    def serve(self) -> None:
        while True:
            raw = self.control.recv(65536)
            if not raw:  # the pool closed (or its process is gone): no worker outlives us
                for pid in self.live:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                return
            req = json.loads(raw)
            op = req.get("op")
            if op == "take":
                pid, sock = self.spare
                socket.send_fds(self.control, [json.dumps({"pid": pid}).encode()], [sock.fileno()])
                sock.close()
                self.spare = self.prefork()
            elif op == "learn":  # no reply: the parent doesn't wait for this
                with contextlib.suppress(Exception):
                    self.learn(str(req.get("code", "")))
            elif op in ("kill", "status"):
                self.control.send(json.dumps(self.finish(int(req["pid"]), kill=op == "kill")).encode())
            else:
                self.control.send(json.dumps({"error": f"unknown op {op!r}"}).encode())
            self.reap()

    def learn(self, code: str) -> None:
        """Compile a node's code here, once, so every worker forked from now on has it (and
        replace the idle spare, forked before). Compiling runs no user code."""
        if code in _COMPILED:
            return
        remember(code, compiled(code), limit=LEARNED_CODES)
        gc.freeze()  # keep the collector from touching (and copying) the zygote's pages
        pid, sock = self.spare
        sock.close()  # the spare reads EOF and exits; reap() collects it
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        self.spare = self.prefork()

    def prefork(self) -> tuple[int, socket.socket]:
        """Fork the worker for the *next* request now, so no fork sits on a job's path."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            ours.close()
            fd = theirs.detach()
            self.control.detach()
            worker_main(fd, self.config)  # never returns
        theirs.close()
        self.live.add(pid)
        return pid, ours

    def finish(self, pid: int, *, kill: bool) -> dict[str, Any]:
        """The exit status of a worker (killing it first when asked); waits at most ~2 s."""
        if pid in self.exits:
            return self.exits.pop(pid)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 2.0
        while True:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return {"pid": pid, "unknown": True}
            if done:
                self.live.discard(pid)
                return describe_exit(pid, status)
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.001)

    def reap(self) -> None:
        """Collect workers that exited on their own (retired, crashed) without blocking."""
        spare_pid = self.spare[0]
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.live.discard(pid)
            if pid == spare_pid:  # the warm worker died before use: fork another
                self.spare[1].close()
                self.spare = self.prefork()
                spare_pid = self.spare[0]
                continue
            self.exits[pid] = describe_exit(pid, status)
            if len(self.exits) > 1024:
                self.exits.pop(next(iter(self.exits)))


def describe_exit(pid: int, status: int) -> dict[str, Any]:
    if os.WIFSIGNALED(status):
        return {"pid": pid, "signal": os.WTERMSIG(status)}
    return {"pid": pid, "code": os.WEXITSTATUS(status)}


# --- a worker ----------------------------------------------------------------------------------
def worker_main(fd: int, config: dict[str, Any]) -> None:
    """Run jobs read from ``fd`` one after another until EOF. The parent gives a worker only
    jobs of one execution (or one job), so nothing a job leaves behind reaches another user."""
    try:
        detach_stdio()
        set_limits(config)
        install_guard(config)
        warm_up()
        while True:
            raw = read_frame(fd)
            if raw is None:
                break
            payload, retire = run_job(raw)
            write_frame(fd, payload)
            if retire:
                break
    finally:
        os._exit(0)


def detach_stdio() -> None:
    """Point fds 0-2 at /dev/null: no path back to the zygote's control socket."""
    devnull = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def warm_up() -> None:
    """Idle-time work, under the job's limits and guard: take the copy-on-write page faults
    of a typical job (the guard's hook included) now, not while a job waits."""
    with contextlib.suppress(Exception):
        header = b'{"code": "return _input.all()", "timeout": 60}'
        run_job(struct.pack(">I", len(header)) + header + b'{"items": [{"json": {"a": [1]}}]}')


def split_request(raw: bytes) -> tuple[bytes, bytes]:
    """A request is ``len(header) | header JSON | data JSON``."""
    size = struct.unpack(">I", raw[:4])[0]
    return raw[4:4 + size], raw[4 + size:]


def run_job(raw: bytes) -> tuple[bytes, bool]:
    """The framed answer to one request, and whether this worker must stop after it."""
    retire = False
    try:
        header, body = split_request(raw)
        del raw
        req = json.loads(header, object_hook=Obj)
        cpu_budget(float(req.get("timeout", 60)))
        req["data"] = json.loads(body, object_hook=Obj)  # under the memory limit
        del body
        sys.modules.pop("__main__", None)
        result = execute(req)
        if any("kind" in (r.get("error") or {}) for r in result["results"]):
            result["retire"] = retire = True  # ran out of memory: start the next job afresh
        payload = json.dumps(result, default=to_jsonable, ensure_ascii=False)
    except MemoryError:
        payload, retire = json.dumps({"failure": "memory"}), True
    except BaseException as exc:
        payload, retire = json.dumps({"failure": "internal", "message": f"{type(exc).__name__}: {exc}"}), True
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return payload.encode("utf-8", "surrogatepass"), retire


def set_limits(config: dict[str, Any]) -> None:
    mem = int(config.get("memory_mb", 256)) * MIB
    limits = [(resource.RLIMIT_AS, mem), (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NOFILE, 64),
              (resource.RLIMIT_NPROC, 0)]
    for what, value in limits:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(what, (value, value))


def cpu_budget(timeout: float) -> None:
    """This job may use ``timeout`` more CPU seconds than the worker has used so far (the
    parent's wall clock usually stops it first; this catches a loop the clock missed)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + max(1.0, timeout)) + 1
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.getrlimit(resource.RLIMIT_CPU)[1]))


def install_guard(config: dict[str, Any]) -> None:
    roots = tuple(config.get("read_roots", []))
    allowed = frozenset(config.get("allowed_modules", []))

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


#: code text -> code object (or the compile error): taught to the zygote, inherited by workers
_COMPILED: dict[str, object] = {}
LEARNED_CODES = 512


def remember(code: str, result: object, *, limit: int) -> None:
    _COMPILED[code] = result
    while len(_COMPILED) > limit:
        _COMPILED.pop(next(iter(_COMPILED)))


def cached_compile(code: str) -> object:
    """Code the zygote learned costs nothing here; anything else is compiled once per worker."""
    found = _COMPILED.get(code)
    if found is None:
        found = compiled(code)
        remember(code, found, limit=LEARNED_CODES + 64)
    return found


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
    code = cached_compile(req["code"])
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
