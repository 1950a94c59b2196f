from __future__ import annotations

import os

from wirework.nodes.local_file_trigger import NODE
from wirework.nodes.sdk import NodeTestContext

POLL = NODE.latest.hooks["poll"]


def ctx(params, static):
    c = NodeTestContext(NODE.latest.description, params=params)
    c.workflow.static_data = static
    return c


async def test_folder_events(tmp_path):
    static: dict = {}
    params = {"triggerOn": "folder", "path": str(tmp_path), "events": ["add", "change", "unlink", "addDir"]}
    (tmp_path / "old.txt").write_text("x")
    assert await POLL(ctx(params, static)) is None  # existing files ignored by default
    (tmp_path / "new.txt").write_text("hello")
    (tmp_path / "sub").mkdir()
    out = await POLL(ctx(params, static))
    assert {(i["json"]["event"], os.path.basename(i["json"]["path"])) for i in out[0]} == {("add", "new.txt"), ("addDir", "sub")}
    (tmp_path / "old.txt").write_text("changed!")
    (tmp_path / "new.txt").unlink()
    out = await POLL(ctx(params, static))
    assert {(i["json"]["event"], os.path.basename(i["json"]["path"])) for i in out[0]} == {("change", "old.txt"), ("unlink", "new.txt")}
    assert await POLL(ctx(params, static)) is None


async def test_single_file_changes_and_initial(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("1")
    static: dict = {}
    params = {"triggerOn": "folder", "path": str(tmp_path), "events": ["add"], "options": {"ignoreInitial": False}}
    out = await POLL(ctx(params, static))
    assert out[0][0]["json"] == {"path": str(f), "event": "add"}
    fstatic: dict = {}
    fparams = {"triggerOn": "file", "path": str(f)}
    assert await POLL(ctx(fparams, fstatic)) is None
    f.write_text("22")
    assert (await POLL(ctx(fparams, fstatic)))[0][0]["json"]["event"] == "change"
