"""Failures: stop, continue on fail, error output, retries with n8n's clamps."""

from __future__ import annotations

from factories import EMIT, FAIL, FLAKY, SPLIT, TRIGGER, Builder, out, test_registry
from wirework.engine import run_workflow
from wirework.engine.node_runner import retry_policy
from wirework.model import Node
from wirework.nodes.sdk import ExecutionServices, FakeClock

REG = test_registry()


def _wf(**fail_opts):
    #   T ── E (2 items) ── F (fails) ──┬── OK
    #                                   └── ERR (error output, when configured)
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"a": 1}, {"a": 2}])
    b.add("F", FAIL, message="kaputt", **{f"_{k}": v for k, v in fail_opts.items()})
    b.add("OK", EMIT, items=[{"ran": True}]).add("ERR", EMIT, items=[{"ran": True}])
    b.chain("T", "E", "F").connect("F", "OK").connect("F", "ERR", output=1)
    return b.build()


async def test_a_failing_node_stops_the_workflow_with_its_error() -> None:
    result = await run_workflow(_wf(), registry=REG)
    assert result.status == "error"
    assert result.error["message"] == "kaputt"
    assert result.error["node"]["name"] == "F"
    assert result.run_data["F"][0]["executionStatus"] == "error"
    assert result.last_node_executed == "F"
    assert "OK" not in result.run_data
    # the failed node is left on the stack so a retry can start from it
    assert result.execution_data["nodeExecutionStack"][0]["node"] == "F"


async def test_continue_regular_output_passes_input_through() -> None:
    result = await run_workflow(_wf(onError="continueRegularOutput"), registry=REG)
    assert result.status == "success"
    assert out(result.run_data, "F") == [{"a": 1}, {"a": 2}]
    assert result.run_data["F"][0]["error"]["message"] == "kaputt"
    assert "OK" in result.run_data


async def test_legacy_continue_on_fail_acts_like_regular_output() -> None:
    result = await run_workflow(_wf(continueOnFail=True), registry=REG)
    assert result.status == "success" and "OK" in result.run_data


async def test_continue_error_output_sends_items_to_the_error_branch() -> None:
    result = await run_workflow(_wf(onError="continueErrorOutput"), registry=REG)
    assert result.status == "success"
    assert out(result.run_data, "F", output=1) == [{"a": 1, "error": "kaputt"}, {"a": 2, "error": "kaputt"}]
    assert "ERR" in result.run_data and "OK" not in result.run_data


async def test_error_items_returned_by_a_node_are_routed_to_the_error_output() -> None:
    #   T ── E ── S (2 outputs; onError=continueErrorOutput → 3rd output is the error output)
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"ok": True}, {"error": "bad"}])
    b.add("S", SPLIT, _onError="continueErrorOutput").chain("T", "E", "S")
    result = await run_workflow(b.build(), registry=REG)
    main = result.run_data["S"][0]["data"]["main"]
    assert [len(o) for o in main] == [1, 0, 1]
    assert main[2][0]["json"] == {"error": "bad"}


async def test_retry_until_success_waits_between_tries() -> None:
    clock = FakeClock()
    b = Builder().add("T", TRIGGER).add("F", FLAKY, succeed_on=3, _retryOnFail=True, _maxTries=4,
                                          _waitBetweenTries=200)
    b.chain("T", "F")
    result = await run_workflow(b.build(), registry=REG, services=ExecutionServices(clock=clock))
    assert result.status == "success"
    assert clock.slept == [0.2, 0.2]


async def test_non_retryable_errors_are_not_retried() -> None:
    clock = FakeClock()
    b = Builder().add("T", TRIGGER).add("F", FAIL, retryable=False, _retryOnFail=True)
    b.chain("T", "F")
    result = await run_workflow(b.build(), registry=REG, services=ExecutionServices(clock=clock))
    assert result.status == "error" and clock.slept == []


def test_retry_settings_are_clamped_like_n8n() -> None:
    def node(**kw):
        return Node(name="n", type="x", retry_on_fail=True, **kw)

    assert retry_policy(node()) == (3, 1.0)
    assert retry_policy(node(max_tries=10, wait_between_tries=9000)) == (5, 5.0)
    assert retry_policy(node(max_tries=1, wait_between_tries=-5)) == (2, 0.0)
    assert retry_policy(Node(name="n", type="x")) == (1, 0.0)
