from __future__ import annotations

import os
from pathlib import Path

import pytest

from wirework.nodes._common.binary_store import BinaryNotFoundError, FilesystemBinaryStore
from wirework.nodes.sdk import (
    BinaryHelper,
    BinaryStore,
    ExecutionServices,
    FakeClock,
    NodeTestContext,
)
from wirework.nodes.stop_and_error import DESCRIPTION


async def test_large_payload_stays_out_of_the_item_and_reads_back(tmp_path: Path) -> None:
    store = FilesystemBinaryStore(tmp_path)
    svc = ExecutionServices(clock=FakeClock(), binary_store=store, settings={"binary_inline_limit": 1024})
    ctx = NodeTestContext(DESCRIPTION, services=svc)
    ctx.binary = BinaryHelper(svc, node=ctx.node.name, execution_id="exec1")
    payload = os.urandom(300_000)
    ref = await ctx.binary.prepare(payload, file_name="big.bin")
    assert ref["id"].startswith("filesystem-v2:exec1/") and ref["data"] == "filesystem-v2"
    assert len(repr(ref)) < 500  # only the id travels with the item
    assert await ctx.binary.read({"json": {}, "binary": {"data": ref}}, "data") == payload
    assert (await store.metadata(ref["id"]))["fileSize"] == 300_000


async def test_small_payload_stays_inline(tmp_path: Path) -> None:
    svc = ExecutionServices(clock=FakeClock(), binary_store=FilesystemBinaryStore(tmp_path))
    ref = await NodeTestContext(DESCRIPTION, services=svc).binary.prepare(b"hi", file_name="a.txt")
    assert "id" not in ref and ref["data"] == "aGk="
    assert list(tmp_path.iterdir()) == []


async def test_delete_by_execution_prunes_only_that_execution(tmp_path: Path) -> None:
    store = FilesystemBinaryStore(tmp_path)
    a = await store.put(b"a", execution_id="e1", mime_type="text/plain")
    b = await store.put(b"b", execution_id="e2", mime_type="text/plain")
    assert await store.delete_by_execution(["e1", "nope"]) == 1
    with pytest.raises(BinaryNotFoundError):
        await store.get(a)
    assert await store.get(b) == b"b"


async def test_temp_payloads_move_to_real_execution(tmp_path: Path) -> None:
    store = FilesystemBinaryStore(tmp_path)
    bid = await store.put(b"x", execution_id=None, mime_type="text/plain")
    assert bid.startswith("filesystem-v2:temp/")
    await store.rename_execution("temp", "e9")
    assert await store.get(bid.replace("temp/", "e9/")) == b"x"


@pytest.mark.parametrize("bad", ["filesystem-v2:../x/y", "filesystem-v2:e1/../../etc", "s3:abc", "filesystem-v2:/etc/passwd"])
async def test_ids_cannot_escape_base_dir(tmp_path: Path, bad: str) -> None:
    with pytest.raises(BinaryNotFoundError):
        await FilesystemBinaryStore(tmp_path).get(bad)


def test_satisfies_sdk_protocol(tmp_path: Path) -> None:
    store: BinaryStore = FilesystemBinaryStore(tmp_path)
    assert store is not None
