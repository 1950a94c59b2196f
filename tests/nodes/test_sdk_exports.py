"""The node SDK is a public API: its exported names change only on purpose."""

from __future__ import annotations

import wirework.nodes.sdk as sdk

EXPECTED = {
    "MISSING", "BinaryHelper", "BinaryStore", "Clock", "CredentialSlot", "DisplayContext",
    "ExecutionServices", "FakeClock", "NodeApiError", "NodeContext", "NodeDefinitionError",
    "NodeDescription", "NodeError", "NodeTestContext", "NodeType", "NodeVersion", "Option", "Param",
    "SystemClock", "param_defaults",
}


def test_sdk_exports_are_pinned() -> None:
    assert set(sdk.__all__) == EXPECTED
    for name in EXPECTED:
        assert hasattr(sdk, name), name


def test_node_test_context_resolves_parameters_and_defaults() -> None:
    desc = sdk.NodeDescription(
        name="x.demo", display_name="Demo", versions=(1,),
        properties=(sdk.Param(name="field", type="string", default="fallback"),
                    sdk.Param(name="options", type="collection", default={},
                              options=(sdk.Param(name="deep", type="boolean", default=False),))),
    )
    ctx = sdk.NodeTestContext(desc, params={"options": {"deep": True}}, items=[{"a": 1}])
    assert ctx.get_param("field", 0) == "fallback"
    assert ctx.get_param("options.deep", 0) is True
    assert ctx.get_param("options.missing", 0, "dflt") == "dflt"
    ctx2 = sdk.NodeTestContext(desc, params={"field": "={{ $json.a }}"}, items=[{"a": 7}])
    assert ctx2.get_param("field", 0) == 7


def test_missing_parameter_error_names_node_and_parameter() -> None:
    desc = sdk.NodeDescription(name="x.demo", display_name="Demo", versions=(1,))
    ctx = sdk.NodeTestContext(desc, name="My Node")
    try:
        ctx.get_param("nope", 0)
    except sdk.NodeError as exc:
        assert exc.node == "My Node" and exc.parameter == "nope"
        assert "nope" in str(exc) and "My Node" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected NodeError")
