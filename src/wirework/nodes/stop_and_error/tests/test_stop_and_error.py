from __future__ import annotations

import pytest

from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.stop_and_error import DESCRIPTION, execute


async def test_message_error_names_node() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"errorMessage": "boom"}, name="Stop")
    with pytest.raises(NodeError) as err:
        await execute(ctx)
    assert err.value.message == "boom" and err.value.node == "Stop"
    assert err.value.retryable is False


async def test_error_object_uses_message_and_keeps_fields() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={
        "errorType": "errorObject", "errorObject": '{"message": "nope", "description": "d", "code": 404}'})
    with pytest.raises(NodeError) as err:
        await execute(ctx)
    assert (err.value.message, err.value.description) == ("nope", "d")
    assert err.value.context["code"] == 404


async def test_error_object_without_message_falls_back() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"errorType": "errorObject", "errorObject": {"code": 1}})
    with pytest.raises(NodeError) as err:
        await execute(ctx)
    assert err.value.message == '{"code": 1}'


async def test_invalid_json_object_names_parameter() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"errorType": "errorObject", "errorObject": "{oops"})
    with pytest.raises(NodeError) as err:
        await execute(ctx)
    assert err.value.parameter == "errorObject"
