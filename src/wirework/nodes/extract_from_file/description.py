"""Extract From File v1 / v1.1 parameters."""

from __future__ import annotations

from typing import Any

from wirework.nodes._common.encodings import ENCODING_NAMES
from wirework.nodes.sdk import NodeDescription, Option, Param

SPREADSHEET_OPS = ["csv", "html", "rtf", "ods", "xls", "xlsx"]
MOVE_OPS = ["binaryToPropery", "fromJson", "text", "xml", "fromIcs"]


def _ops(*ops: str) -> dict[str, Any]:
    return {"show": {"operation": list(ops)}}


def _only(*ops: str) -> dict[str, Any]:
    return {"show": {"/operation": list(ops)}}


_INPUT = Param("binaryPropertyName", "string", "data", display_name="Input Binary Field", required=True,
               placeholder="e.g data", hint="The name of the input field containing the file data to be processed",
               display_options=_ops(*SPREADSHEET_OPS, *MOVE_OPS, "pdf"))

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.extractFromFile",
    display_name="Extract from File",
    versions=(1, 1.1),
    description="Convert binary data to JSON",
    icon="fa:file-export",
    color="#408000",
    default_name="Extract from File",
    subtitle='={{$parameter["operation"]}}',
    compat_notes="PDF extraction is not supported (the operation fails with a clear error).",
    properties=(
        Param("operation", "options", "csv", display_name="Operation", no_data_expression=True, options=(
            Option("Extract From CSV", "csv", "Transform a CSV file into output items", action="Extract from CSV"),
            Option("Extract From HTML", "html", "Extract a table in an HTML file into output items", action="Extract from HTML"),
            Option("Extract From ICS", "fromIcs", "Transform a ICS file into output items", action="Extract from ICS"),
            Option("Extract From JSON", "fromJson", "Extract JSON data from a binary file", action="Extract from JSON"),
            Option("Extract From ODS", "ods", "Transform an ODS file into output items", action="Extract from ODS"),
            Option("Extract From PDF", "pdf", "Extracts the content and metadata from a PDF file", action="Extract from PDF"),
            Option("Extract From RTF", "rtf", "Extract a table in an RTF file into output items", action="Extract from RTF"),
            Option("Extract From Text File", "text", "Extract text from a file", action="Extract from text file"),
            Option("Extract From XML", "xml", "Extracts the content of an XML file", action="Extract from XML"),
            Option("Extract From XLS", "xls", "Transform an Excel file into output items", action="Extract from XLS"),
            Option("Extract From XLSX", "xlsx", "Transform an Excel file into output items", action="Extract from XLSX"),
            Option("Move File to Base64 String", "binaryToPropery", "Convert a file into a base64-encoded string",
                   action="Move file to base64 string"),
        )),
        _INPUT,
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_ops(*SPREADSHEET_OPS), options=(
                  Param("delimiter", "string", ",", display_name="Delimiter", placeholder="e.g. ,",
                        display_options=_only("csv"), description="Set the field delimiter, usually a comma"),
                  Param("encoding", "options", "utf-8", display_name="Encoding", display_options=_only("csv"),
                        options=tuple(Option(n, n) for n in ("ascii", "latin1", "ucs-2", "ucs2", "utf-8",
                                                             "utf16le", "utf8")),
                        description="Set the encoding of the data stream"),
                  Param("enableBOM", "boolean", False, display_name="Exclude Byte Order Mark (BOM)",
                        display_options=_only("csv"),
                        description="Whether to detect and exclude the byte-order-mark from the CSV Input if present"),
                  Param("fromLine", "number", 0, display_name="Starting Line", display_options=_only("csv"),
                        description="The line number to start reading from (1-based)"),
                  Param("maxRowCount", "number", -1, display_name="Max Number of Rows to Load",
                        display_options=_only("csv"), description="Stop reading after this many rows (-1: all)"),
                  Param("relaxQuotes", "boolean", False, display_name="Relax Quotes", display_options=_only("csv"),
                        description="Whether to handle unclosed quotes in CSV fields"),
                  Param("headerRow", "boolean", True, display_name="Header Row",
                        display_options=_only("ods", "xls", "xlsx", "csv", "html"),
                        description="Whether the first row of the file contains the header names"),
                  Param("includeEmptyCells", "boolean", False, display_name="Include Empty Cells",
                        display_options=_only("ods", "xls", "xlsx", "csv", "html"),
                        description="Whether to include empty cells when reading from file. They will be "
                                    "filled with an empty string."),
                  Param("range", "string", "", display_name="Range", display_options=_only("ods", "xls", "xlsx"),
                        description="The range to read from the table. If set to a number it will be the "
                                    "starting row. If set to a string it will be used as A1-style bounded range."),
                  Param("rawData", "boolean", False, display_name="RAW Data",
                        description="Whether the data should be returned RAW instead of parsed"),
                  Param("readAsString", "boolean", False, display_name="Read As String",
                        description="In some cases and file formats, it is necessary to read specifically "
                                    "as string else some special character get interpreted wrong"),
                  Param("sheetName", "string", "Sheet", display_name="Sheet Name",
                        display_options=_only("ods", "xls", "xlsx"),
                        description="Name of the sheet to read from in the spreadsheet"),
              )),
        Param("destinationKey", "string", "data", display_name="Destination Output Field", required=True,
              placeholder="e.g data", display_options=_ops(*MOVE_OPS),
              description="The name of the output field that will contain the extracted data"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_ops(*MOVE_OPS), options=(
                  Param("encoding", "options", "utf8", display_name="File Encoding",
                        options=tuple(Option(n, n) for n in ENCODING_NAMES),
                        description="Specify the encoding of the file, defaults to UTF-8"),
                  Param("stripBOM", "boolean", True, display_name="Strip BOM",
                        display_options={"show": {"encoding": ["utf8", "cesu8", "ucs2"]}},
                        description="Whether to strip the BOM from the file"),
                  Param("keepSource", "options", "json", display_name="Keep Source", options=(
                      Option("JSON", "json"), Option("Binary", "binary"), Option("Both", "both"))),
              )),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_ops("pdf"), options=(
                  Param("joinPages", "boolean", True, display_name="Join Pages",
                        description="Whether to join the text of all pages or return an array"),
                  Param("maxPages", "number", 0, display_name="Max Pages",
                        description="Maximum number of pages to include"),
                  Param("password", "string", "", display_name="Password", type_options={"password": True},
                        description="Password to decrypt the PDF file with"),
              )),
    ),
)
