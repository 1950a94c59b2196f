"""The Code node's description (typeVersions 1 and 2; v2 adds the language choice)."""

from __future__ import annotations

from wirework.nodes.sdk import NodeDescription, Option, Param

ALL_ITEMS_JS = """// Loop over the input items and add a field called 'myNewField' to each one's JSON
for (const item of $input.all()) {
  item.json.myNewField = 1;
}

return $input.all();"""

EACH_ITEM_JS = """// Add a field called 'myNewField' to the JSON of this item
$input.item.json.myNewField = 1;

return $input.item;"""

ALL_ITEMS_PY = """# Loop over the input items and add a field called 'my_new_field' to each one's JSON
for item in _input.all():
    item["json"]["my_new_field"] = 1
return _input.all()"""

EACH_ITEM_PY = """# Add a field called 'my_new_field' to the JSON of this item
_input.item["json"]["my_new_field"] = 1
return _input.item"""

JS_HELP = (
    "JavaScript code to run. It is the body of an async function: <code>return</code> the "
    "output items, <code>await</code> promises. <code>$input</code>, <code>$json</code>, "
    "<code>$('Node')</code>, <code>$now</code>, <code>$jmespath</code> and Luxon are available."
)
PY_HELP = (
    "Python code to run (CPython). It is the body of a function: <code>return</code> the output "
    "items. <code>_input</code>, <code>_json</code>, <code>_('Node')</code>, <code>_now</code> "
    "are available; <code>print()</code> output goes to the execution log."
)

MODE = Param(
    "mode", "options", "runOnceForAllItems", display_name="Mode", no_data_expression=True,
    options=(
        Option("Run Once for All Items", "runOnceForAllItems",
               "Run this code only once, no matter how many input items there are"),
        Option("Run Once for Each Item", "runOnceForEachItem",
               "Run this code as many times as there are input items"),
    ),
)
LANGUAGE = Param(
    "language", "options", "javaScript", display_name="Language", no_data_expression=True,
    display_options={"show": {"@version": [2]}},
    options=(
        Option("JavaScript", "javaScript"),
        Option("Python (Beta)", "python"),
        Option("Python (Native) (Beta)", "pythonNative"),
    ),
)


def _code_param(name: str, language: str, mode: str, default: str, *, version: int | None) -> Param:
    show: dict[str, list[object]] = {"mode": [mode]}
    if version == 1:
        show["@version"] = [1]
    else:
        show["@version"] = [2]
        show["language"] = ["javaScript"] if language == "javaScript" else ["python", "pythonNative"]
    return Param(
        name, "string", default, display_name="JavaScript" if language == "javaScript" else "Python",
        description=JS_HELP if language == "javaScript" else PY_HELP, no_data_expression=True,
        type_options={"editor": "codeNodeEditor", "editorLanguage": language},
        display_options={"show": show},
    )


NOTICE_JS = Param(
    "notice", "notice", "", no_data_expression=True,
    display_name="Type $ for a list of special variables and methods. console.log() output "
    "appears in the execution log.",
    display_options={"hide": {"language": ["python", "pythonNative"]}},
)
NOTICE_PY = Param(
    "notice", "notice", "", no_data_expression=True,
    display_name="print() output appears in the execution log. Items are dictionaries: "
    "item[\"json\"][\"field\"] (attribute access item.json.field works too).",
    display_options={"show": {"language": ["python", "pythonNative"]}},
)

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.code", display_name="Code", versions=(1, 2),
    description="Run custom JavaScript or Python code", icon="fa:code", color="#FF9922",
    default_name="Code", group=("transform",),
    documentation_url="https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.code/",
    properties=(
        MODE, LANGUAGE, NOTICE_JS, NOTICE_PY,
        _code_param("jsCode", "javaScript", "runOnceForAllItems", ALL_ITEMS_JS, version=1),
        _code_param("jsCode", "javaScript", "runOnceForEachItem", EACH_ITEM_JS, version=1),
        _code_param("jsCode", "javaScript", "runOnceForAllItems", ALL_ITEMS_JS, version=2),
        _code_param("jsCode", "javaScript", "runOnceForEachItem", EACH_ITEM_JS, version=2),
        _code_param("pythonCode", "python", "runOnceForAllItems", ALL_ITEMS_PY, version=2),
        _code_param("pythonCode", "python", "runOnceForEachItem", EACH_ITEM_PY, version=2),
    ),
)
