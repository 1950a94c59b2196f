"""Convert to File v1 / v1.1 parameters."""

from __future__ import annotations

from typing import Any

from wirework.nodes._common.encodings import ENCODING_NAMES
from wirework.nodes.sdk import NodeDescription, Option, Param

SPREADSHEET_OPS = ["csv", "html", "rtf", "ods", "xls", "xlsx"]
ENCODING_OPTIONS = tuple(Option(n, n) for n in ENCODING_NAMES)


def _ops(*ops: str) -> dict[str, Any]:
    return {"show": {"operation": list(ops)}}


def _binary_prop(*ops: str, description: str = "Name of the binary property to which to write the data of the file") -> Param:
    return Param("binaryPropertyName", "string", "data", display_name="Put Output File in Field", required=True,
                 placeholder="e.g data", display_options=_ops(*ops), hint="The name of the output binary field to put the file in",
                 description=description)


def _file_name() -> Param:
    return Param("fileName", "string", "", display_name="File Name", placeholder="e.g. myFile",
                 description="Name of the output file")


def _text_options(*ops: str, extra: tuple[Param, ...] = ()) -> Param:
    return Param("options", "collection", {}, display_name="Options", placeholder="Add option",
                 display_options=_ops(*ops), options=(
                     Param("addBOM", "boolean", False, display_name="Add Byte Order Mark (BOM)",
                           description="Whether to add special marker at the start of your text file. This "
                                       "marker helps some programs understand how to read the file correctly."),
                     *extra,
                     Param("encoding", "options", "utf8", display_name="Encoding", options=ENCODING_OPTIONS,
                           description="Choose the character set to use to encode the data"),
                     _file_name(),
                 ))


_SHEET_ONLY = {"show": {"/operation": ["ods", "xls", "xlsx"]}}
_ICAL = (
    Param("title", "string", "", display_name="Event Title", display_options=_ops("iCal")),
    Param("start", "dateTime", "", display_name="Start", required=True, display_options=_ops("iCal"),
          description="Date and time at which the event begins. (For all-day events, the time will be ignored.)."),
    Param("end", "dateTime", "", display_name="End", required=True, display_options=_ops("iCal"),
          description="Date and time at which the event ends. (For all-day events, the time will be ignored.)."),
    Param("allDay", "boolean", False, display_name="All Day", display_options=_ops("iCal"),
          description="Whether the event lasts all day or not"),
    Param("binaryPropertyName", "string", "data", display_name="File Property", required=True,
          display_options=_ops("iCal"), description="The field that your iCalendar file will be available under in the output"),
    Param("additionalFields", "collection", {}, display_name="Options", placeholder="Add Option",
          display_options=_ops("iCal"), options=(
              Param("attendeesUi", "fixedCollection", {}, display_name="Attendees", placeholder="Add Attendee",
                    type_options={"multipleValues": True}, options=(
                        Param("attendeeValues", "collection", display_name="Attendees", options=(
                            Param("name", "string", "", display_name="Name", required=True),
                            Param("email", "string", "", display_name="Email", required=True,
                                  placeholder="e.g. name@email.com"),
                            Param("rsvp", "boolean", False, display_name="RSVP",
                                  description="Whether the attendee has to confirm attendance or not"),
                        )),
                    )),
              Param("busyStatus", "options", "", display_name="Busy Status",
                    options=(Option("Busy", "BUSY"), Option("Tentative", "TENTATIVE")),
                    description="Used to specify busy status for Microsoft applications, like Outlook"),
              Param("calName", "string", "", display_name="Calendar Name",
                    description="Specifies the calendar (not event) name. Used by Apple iCal and Microsoft Outlook."),
              Param("description", "string", "", display_name="Description"),
              Param("fileName", "string", "", display_name="File Name", placeholder="e.g. event.ics",
                    description="The name of the file to be generated. Default name is event.ics."),
              Param("geolocationUi", "fixedCollection", {}, display_name="Geolocation", placeholder="Add Geolocation",
                    type_options={"multipleValues": False}, options=(
                        Param("geolocationValues", "collection", display_name="Geolocation", options=(
                            Param("lat", "string", "", display_name="Latitude"),
                            Param("lon", "string", "", display_name="Longitude"),
                        )),
                    )),
              Param("location", "string", "", display_name="Location", description="The intended venue"),
              Param("recurrenceRule", "string", "", display_name="Recurrence Rule",
                    description="A rule to define the repeat pattern of the event (RRULE)."),
              Param("organizerUi", "fixedCollection", {}, display_name="Organizer", placeholder="Add Organizer",
                    type_options={"multipleValues": False}, options=(
                        Param("organizerValues", "collection", display_name="Organizer", options=(
                            Param("name", "string", "", display_name="Name", required=True),
                            Param("email", "string", "", display_name="Email", required=True,
                                  placeholder="e.g. name@email.com"),
                        )),
                    )),
              Param("sequence", "number", 0, display_name="Sequence",
                    description="When sending an update for an event (with the same uid), defines the revision sequence number"),
              Param("status", "options", "CONFIRMED", display_name="Status", options=(
                  Option("Confirmed", "CONFIRMED"), Option("Cancelled", "CANCELLED"), Option("Tentative", "TENTATIVE"))),
              Param("uid", "string", "", display_name="UID",
                    description="Universally unique ID for the event (will be auto-generated if not specified here)."),
              Param("url", "string", "", display_name="URL", description="URL associated with event"),
          )),
)

DESCRIPTION = NodeDescription(
    name="n8n-nodes-base.convertToFile",
    display_name="Convert to File",
    versions=(1, 1.1),
    description="Convert JSON data to binary data",
    icon="fa:file-export",
    color="#408000",
    default_name="Convert to File",
    subtitle='={{$parameter["operation"]}}',
    properties=(
        Param("operation", "options", "csv", display_name="Operation", no_data_expression=True, options=(
            Option("Convert to CSV", "csv", "Transform input data into a CSV file", action="Convert to CSV"),
            Option("Convert to HTML", "html", "Transform input data into a table in an HTML file", action="Convert to HTML"),
            Option("Convert to ICS", "iCal", "Converts each input item to an ICS event file", action="Convert to ICS"),
            Option("Convert to JSON", "toJson", "Transform input data into a single or multiple JSON files", action="Convert to JSON"),
            Option("Convert to ODS", "ods", "Transform input data into an ODS file", action="Convert to ODS"),
            Option("Convert to RTF", "rtf", "Transform input data into a table in an RTF file", action="Convert to RTF"),
            Option("Convert to Text File", "toText", "Converts single string field to a text file", action="Convert to text file"),
            Option("Convert to XLS", "xls", "Transform input data into an Excel file", action="Convert to XLS"),
            Option("Convert to XLSX", "xlsx", "Transform input data into an Excel file", action="Convert to XLSX"),
            Option("Move Base64 String to File", "toBinary", "Convert a base64-encoded string into its original file format",
                   action="Move base64 string to file"),
        )),
        # spreadsheets
        _binary_prop(*SPREADSHEET_OPS),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_ops(*SPREADSHEET_OPS), options=(
                  Param("compression", "boolean", False, display_name="Compression",
                        display_options={"show": {"/operation": ["xlsx", "ods"]}},
                        description="Whether compression will be applied or not"),
                  Param("delimiter", "string", ",", display_name="Delimiter", display_options={"show": {"/operation": ["csv"]}},
                        description="The character to use to separate fields in the CSV file"),
                  Param("fileName", "string", "", display_name="File Name", description="File name to set in binary data"),
                  Param("headerRow", "boolean", True, display_name="Header Row",
                        description="Whether the first row of the file contains the header names"),
                  Param("sheetName", "string", "Sheet", display_name="Sheet Name", display_options=_SHEET_ONLY,
                        description="Name of the sheet to create in the spreadsheet"),
              )),
        # JSON
        Param("mode", "options", "once", display_name="Mode", display_options=_ops("toJson"), options=(
            Option("All Items to One File", "once"), Option("Each Item to Separate File", "each"))),
        _binary_prop("toJson"),
        _text_options("toJson", extra=(
            Param("format", "boolean", False, display_name="Format",
                  description="Whether to format the JSON data for easier reading"),
        )),
        # text
        Param("sourceProperty", "string", "", display_name="Text Input Field", required=True,
              placeholder="e.g data", display_options=_ops("toText"),
              hint="The name of the input field that contains a string to convert to a file"),
        _binary_prop("toText"),
        _text_options("toText"),
        # base64
        Param("sourceProperty", "string", "", display_name="Base64 Input Field", required=True,
              placeholder="e.g data", display_options=_ops("toBinary"),
              hint="The name of the input field that contains the base64 string to convert to a file"),
        _binary_prop("toBinary"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=_ops("toBinary"), options=(
                  Param("dataIsBase64", "boolean", True, display_name="Data Is Base64",
                        description="Whether the data is already base64 encoded"),
                  Param("encoding", "options", "utf8", display_name="Encoding", options=ENCODING_OPTIONS,
                        display_options={"show": {"dataIsBase64": [False]}},
                        description="Choose the character set to use to encode the data"),
                  _file_name(),
                  Param("mimeType", "string", "", display_name="MIME Type", placeholder="e.g text/plain",
                        description="The MIME type of the output file"),
              )),
        *_ICAL,
    ),
)
