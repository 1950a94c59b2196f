"""Merge v1 (legacy modes) description."""

from __future__ import annotations

from wirework.nodes.sdk import NodeDescription, Option, Param

_KEY_MODES = ["keepKeyMatches", "mergeByKey", "removeKeyMatches"]

PROPERTIES = (
    Param("mode", "options", "append", display_name="Mode", description="How data of branches should be merged",
          options=(
              Option("Append", "append", "Combines data of both inputs. The output will contain items of input 1 "
                     "and input 2."),
              Option("Keep Key Matches", "keepKeyMatches", "Keeps data of input 1 if it does find a match with "
                     "data of input 2"),
              Option("Merge By Index", "mergeByIndex", "Merges data of both inputs. The output will contain items "
                     "of input 1 merged with data of input 2. Merge happens depending on the index of the items."),
              Option("Merge By Key", "mergeByKey", "Merges data of both inputs. The output will contain items of "
                     "input 1 merged with data of input 2. Merge happens depending on a defined key."),
              Option("Multiplex", "multiplex", "Merges each value of one input with each value of the other "
                     "input. The output will contain (m * n) items where (m) and (n) are lengths of the inputs."),
              Option("Pass-Through", "passThrough", "Passes through data of one input. The output will contain "
                     "only items of the defined input."),
              Option("Remove Key Matches", "removeKeyMatches", "Keeps data of input 1 if it does NOT find match "
                     "with data of input 2"),
              Option("Wait", "wait", "Waits till data of both inputs is available and will then output a single "
                     "empty item."),
          )),
    Param("join", "options", "left", display_name="Join", display_options={"show": {"mode": ["mergeByIndex"]}},
          description="How many items the output will contain if inputs contain different amount of items",
          options=(
              Option("Inner Join", "inner", "Merges as many items as both inputs contain"),
              Option("Left Join", "left", "Merges as many items as first input contains"),
              Option("Outer Join", "outer", "Merges as many items as input contains with most items"),
          )),
    Param("propertyName1", "string", "", display_name="Property Input 1", required=True,
          hint="The name of the field as text (e.g. “id”)", display_options={"show": {"mode": _KEY_MODES}},
          description="Name of property which decides which items to merge of input 1"),
    Param("propertyName2", "string", "", display_name="Property Input 2", required=True,
          hint="The name of the field as text (e.g. “id”)", display_options={"show": {"mode": _KEY_MODES}},
          description="Name of property which decides which items to merge of input 2"),
    Param("output", "options", "input1", display_name="Output Data",
          display_options={"show": {"mode": ["passThrough"]}},
          options=(Option("Input 1", "input1"), Option("Input 2", "input2")),
          description="Defines of which input the data should be used as output of node"),
    Param("overwrite", "options", "always", display_name="Overwrite",
          display_options={"show": {"mode": ["mergeByKey"]}},
          description="Select when to overwrite the values from Input1 with values from Input 2",
          options=(
              Option("Always", "always", "Always overwrites everything"),
              Option("If Blank", "blank", 'Overwrites only values of "null", "undefined" or empty string'),
              Option("If Missing", "undefined", "Only adds values which do not exist yet"),
          )),
)

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.merge", display_name="Merge", versions=(1,), icon="fa:code-branch",
    color="#00bbcc", description="Merges data of multiple streams once data from both is available",
    default_name="Merge", group=("transform",), inputs=2, outputs=1, input_names=("Input 1", "Input 2"),
    required_inputs=1, properties=PROPERTIES, subtitle='={{$parameter["mode"]}}',
)
