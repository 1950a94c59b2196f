"""displayOptions are evaluated as n8n's editor does: unset parameters count with their default."""

from __future__ import annotations

from wirework.nodes.sdk import (
    DisplayContext,
    NodeDescription,
    NodeTestContext,
    Option,
    Param,
    param_defaults,
)

MODE = Param("mode", "options", "simple", options=(Option("Simple", "simple"), Option("Raw", "raw")))
SIMPLE_FIELD = Param("value", "string", "from simple", display_options={"show": {"mode": ["simple"]}})
RAW_FIELD = Param("value", "string", "from raw", display_options={"show": {"mode": ["raw"]}})
HIDDEN_IN_SIMPLE = Param("extra", "boolean", False, display_options={"hide": {"mode": ["simple"]}})
# shown only through a chain: level depends on value (itself shown only in simple mode)
CHAINED = Param("level", "number", 3, display_options={"show": {"value": ["from simple"]}})
PROPS = (MODE, SIMPLE_FIELD, RAW_FIELD, HIDDEN_IN_SIMPLE, CHAINED)
DESC = NodeDescription(name="x.display", display_name="Display", versions=(1, 2), properties=PROPS)


def test_unset_parameter_counts_with_its_default() -> None:
    ctx = DisplayContext({}, 1, PROPS)
    assert ctx.shows(SIMPLE_FIELD)
    assert not ctx.shows(RAW_FIELD)
    assert not ctx.shows(HIDDEN_IN_SIMPLE)
    assert ctx.shows(CHAINED)


def test_set_parameter_wins_over_the_default() -> None:
    ctx = DisplayContext({"mode": "raw"}, 1, PROPS)
    assert ctx.shows(RAW_FIELD) and not ctx.shows(SIMPLE_FIELD)
    assert ctx.shows(HIDDEN_IN_SIMPLE)
    assert not ctx.shows(CHAINED)  # 'value' now defaults to "from raw"


def test_defaults_filled_in_follow_the_visible_declaration() -> None:
    assert param_defaults(PROPS, {}, 1) == {"mode": "simple", "value": "from simple", "level": 3}
    assert param_defaults(PROPS, {"mode": "raw"}, 1) == {"mode": "raw", "value": "from raw", "extra": False}


def test_node_context_reads_defaults_of_the_shown_variant() -> None:
    assert NodeTestContext(DESC, params={}).get_param("value") == "from simple"
    assert NodeTestContext(DESC, params={"mode": "raw"}).get_param("value") == "from raw"


def test_version_conditions_and_list_values() -> None:
    newer = Param("n", "string", "", display_options={"show": {"@version": [{"_cnd": {"gte": 2}}]}})
    tags = Param("t", "string", "", display_options={"show": {"tags": ["b"]}})
    assert not DisplayContext({}, 1, PROPS).shows(newer)
    assert DisplayContext({}, 2, PROPS).shows(newer)
    assert DisplayContext({"tags": ["a", "b"]}, 1).shows(tags)
    assert not DisplayContext({"tags": []}, 1).shows(tags)
    flag = Param("f", "string", "", display_options={"show": {"on": [True]}})
    assert not DisplayContext({"on": 1}, 1).shows(flag)  # JS: 1 is not true
