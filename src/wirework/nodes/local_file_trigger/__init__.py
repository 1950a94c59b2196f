"""Local File Trigger (``n8n-nodes-base.localFileTrigger``), polling the file system.

Hooks: ``schedule(node)`` -> every second; ``poll(ctx)`` -> ``{"path", "event"}`` items for
what changed since the last poll (static data keeps the snapshot).
"""

from __future__ import annotations

import asyncio
import fnmatch
import os
from typing import Any

from wirework.model import Item, Node
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param

_EVENTS = (
    Option("File Added", "add"), Option("File Changed", "change"), Option("File Deleted", "unlink"),
    Option("Folder Added", "addDir"), Option("Folder Deleted", "unlinkDir"),
)

DESC = NodeDescription(
    name="n8n-nodes-base.localFileTrigger", display_name="Local File Trigger", versions=(1,),
    description="Triggers a workflow on file system changes", group=("trigger",),
    inputs=0, outputs=1, icon="fa:folder-open", color="#404040", default_name="Local File Trigger",
    subtitle='=Path: {{$parameter["path"]}}',
    properties=(
        Param("triggerOn", "options", default="", display_name="Trigger On", required=True,
              options=(Option("Changes to a Specific File", "file"),
                       Option("Changes Involving a Specific Folder", "folder"))),
        Param("path", "string", default="", display_name="File to Watch",
              display_options={"show": {"triggerOn": ["file"]}}),
        Param("path", "string", default="", display_name="Folder to Watch",
              display_options={"show": {"triggerOn": ["folder"]}}),
        Param("events", "multiOptions", default=[], display_name="Watch for", required=True,
              description="The events to listen to", options=_EVENTS,
              display_options={"show": {"triggerOn": ["folder"]}}),
        Param("options", "collection", default={}, display_name="Options", placeholder="Add Option", options=(
            Param("awaitWriteFinish", "boolean", default=False, display_name="Await Write Finish",
                  description="Whether to wait until files finished writing to avoid partially read"),
            Param("followSymlinks", "boolean", default=True, display_name="Include Linked Files/Folders",
                  description="Whether linked files/folders will also be watched (this includes symlinks, aliases on MacOS and shortcuts on Windows)"),
            Param("ignored", "string", default="", display_name="Ignore", placeholder="**/*.txt",
                  description="Files or paths to ignore. The whole path is tested, not just the filename. Supports glob patterns."),
            Param("ignoreInitial", "boolean", default=True, display_name="Ignore Existing Files/Folders",
                  description="Whether to ignore existing files/folders to not trigger an event"),
            Param("depth", "options", default=-1, display_name="Max Folder Depth",
                  description="How deep into the folder structure to watch for changes",
                  options=(Option("1 Levels Down", 1), Option("2 Levels Down", 2), Option("3 Levels Down", 3),
                           Option("4 Levels Down", 4), Option("5 Levels Down", 5),
                           Option("Top Folder Only", 0), Option("All Subfolders", -1))),
            Param("usePolling", "boolean", default=True, display_name="Use Polling",
                  description="Whether to use polling for watching (always on here)"),
        )),
    ),
)

Snapshot = dict[str, list[Any]]  # path -> [mtime_ns, size, is_dir]


def snapshot(root: str, *, depth: int, follow: bool, ignored: str, file_only: bool) -> Snapshot:
    out: Snapshot = {}
    if file_only:
        try:
            st = os.stat(root)
            out[root] = [st.st_mtime_ns, st.st_size, False]
        except OSError:
            pass
        return out
    base = root.rstrip(os.sep).count(os.sep)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow):
        level = dirpath.rstrip(os.sep).count(os.sep) - base
        if depth >= 0 and level >= depth:
            dirnames[:] = []
        for name, is_dir in [(d, True) for d in dirnames] + [(f, False) for f in filenames]:
            path = os.path.join(dirpath, name)
            if ignored and fnmatch.fnmatch(path, ignored):
                continue
            try:
                st = os.stat(path) if follow else os.lstat(path)
            except OSError:
                continue
            out[path] = [st.st_mtime_ns, 0 if is_dir else st.st_size, is_dir]
    return out


def diff(old: Snapshot, new: Snapshot) -> list[tuple[str, str]]:
    events: list[tuple[str, str]] = []
    for path, (mtime, size, is_dir) in sorted(new.items()):
        prev = old.get(path)
        if prev is None:
            events.append((path, "addDir" if is_dir else "add"))
        elif not is_dir and (prev[0] != mtime or prev[1] != size):
            events.append((path, "change"))
    for path, (_m, _s, is_dir) in sorted(old.items()):
        if path not in new:
            events.append((path, "unlinkDir" if is_dir else "unlink"))
    return events


async def poll(ctx: NodeContext) -> list[list[Item]] | None:
    trigger_on = ctx.get_param("triggerOn", 0, "")
    path = str(ctx.get_param("path", 0, ""))
    if trigger_on not in ("file", "folder"):
        raise ctx.error("Please choose what to trigger on ('file' or 'folder')", parameter="triggerOn")
    if not path:
        raise ctx.error("The path to watch is empty", parameter="path")
    options = ctx.get_param("options", 0, {}) or {}
    wanted = {"change"} if trigger_on == "file" else set(ctx.get_param("events", 0, []) or [])
    current = await asyncio.to_thread(
        snapshot, path, depth=int(options.get("depth", -1)), follow=bool(options.get("followSymlinks", True)),
        ignored=str(options.get("ignored") or ""), file_only=trigger_on == "file")
    state = ctx.static_data("node")
    previous: Snapshot | None = state.get("snapshot")
    state["snapshot"] = current
    if previous is None:
        if options.get("ignoreInitial", True):
            return None
        previous = {}
    found = [{"json": {"path": p, "event": e}} for p, e in diff(previous, current) if e in wanted]
    return [found] if found else None


async def execute(ctx: NodeContext) -> list[list[Item]]:
    return [[i for i in ctx.items if i.get("json")]]


def schedule(node: Node) -> list[str]:
    return ["* * * * * *"]


NODE = NodeType(name="n8n-nodes-base.localFileTrigger", versions=(
    NodeVersion(description=DESC, execute=execute, hooks={"schedule": schedule, "poll": poll}),))
