"""Tables in and out of CSV, HTML, RTF, XLSX, XLS and ODS, shaped like SheetJS's output.

``items_to_rows`` builds the sheet from item JSON (header = keys in first-seen order);
``write_table`` renders rows to file bytes; ``read_table`` returns typed cell rows and
``rows_to_objects`` applies SheetJS's ``sheet_to_json`` rules (header row, ``__EMPTY`` keys,
blank rows skipped, missing cells omitted unless ``defval`` is given).
"""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import json
import re
from typing import Any

from wirework.nodes._common.fields import js_number_str

Cell = str | int | float | bool | None
FORMATS = ("csv", "html", "rtf", "ods", "xls", "xlsx")
MIME = {"csv": "text/csv", "html": "text/html", "rtf": "application/rtf",
        "ods": "application/vnd.oasis.opendocument.spreadsheet", "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class SpreadsheetError(ValueError):
    pass


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects and arrays become dotted keys (``{"a": {"b": 1}}`` -> ``{"a.b": 1}``)."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, name + "."))
        elif isinstance(value, list) and value:
            out.update(flatten({str(i): v for i, v in enumerate(value)}, name + "."))
        else:
            out[name] = value
    return out


def items_to_rows(objects: list[dict[str, Any]], *, header_row: bool = True) -> list[list[Cell]]:
    objects = [flatten(o) for o in objects]
    headers: list[str] = []
    for obj in objects:
        headers.extend(k for k in obj if k not in headers)
    rows: list[list[Cell]] = [list(headers)] if header_row else []
    rows += [[_cell(obj.get(h)) for h in headers] for obj in objects]
    return rows


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return js_number_str(value)
    return value


# --- writers --------------------------------------------------------------------------------
def _csv(rows: list[list[Cell]], delimiter: str = ",") -> bytes:
    lines = []
    for row in rows:
        out = []
        for v in row:
            s = _text(v)
            if delimiter in s or re.search(r'["\n\r]', s):
                s = '"' + s.replace('"', '""') + '"'
            out.append(s)
        lines.append(delimiter.join(out))
    return ("\ufeff" + "\n".join(lines)).encode("utf-8")


def _col_name(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _html(rows: list[list[Cell]]) -> bytes:
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            ref = f"{_col_name(c)}{r + 1}"
            if v is None:
                cells.append(f'<td id="sjs-{ref}"></td>')
                continue
            kind = "b" if isinstance(v, bool) else "n" if isinstance(v, (int, float)) else "s"
            raw = _text(v) if kind != "b" else ("true" if v else "false")
            shown = html_lib.escape(_text(v), quote=False).replace("\n", "<br/>")
            cells.append(f'<td data-t="{kind}" data-v="{html_lib.escape(raw)}" id="sjs-{ref}">{shown}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    doc = ('<html><head><meta charset="utf-8"/><title>SheetJS Table Export</title></head><body>'
           "<table>" + "".join(body) + "</table></body></html>")
    return doc.encode("utf-8")


def _rtf_escape(s: str) -> str:
    out = []
    for ch in s:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) > 127:
            code = ord(ch)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        elif ch == "\n":
            out.append("\\line ")
        else:
            out.append(ch)
    return "".join(out)


def _rtf(rows: list[list[Cell]]) -> bytes:
    parts = ["{\\rtf1\\ansi"]
    for row in rows:
        parts.append("\\trowd\\trautofit1")
        parts.extend(f"\\cellx{i + 1}" for i in range(len(row)))
        parts.append("\\pard\\intbl")
        parts.extend(f"{_rtf_escape(_text(v))}\\cell" if v is not None else "\\cell" for v in row)
        parts.append("\\row")
    parts.append("}")
    return "\n".join(parts).encode("ascii")


def _xlsx(rows: list[list[Cell]], sheet: str, compression: bool) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xls(rows: list[list[Cell]], sheet: str) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet[:31])
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods(rows: list[list[Cell]], sheet: str) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        tr = TableRow()
        for v in row:
            if v is None:
                tr.addElement(TableCell())
            elif isinstance(v, bool):
                cell = TableCell(valuetype="boolean", booleanvalue="true" if v else "false")
                cell.addElement(P(text=_text(v)))
                tr.addElement(cell)
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=js_number_str(v))
                cell.addElement(P(text=_text(v)))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=v))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def write_table(rows: list[list[Cell]], fmt: str, *, sheet_name: str = "Sheet",
                compression: bool = False, delimiter: str = ",") -> bytes:
    if fmt == "csv":
        return _csv(rows, delimiter or ",")
    if fmt == "html":
        return _html(rows)
    if fmt == "rtf":
        return _rtf(rows)
    if fmt == "xlsx":
        return _xlsx(rows, sheet_name, compression)
    if fmt == "xls":
        return _xls(rows, sheet_name)
    if fmt == "ods":
        return _ods(rows, sheet_name)
    raise SpreadsheetError(f"The format '{fmt}' is not supported")


# --- readers --------------------------------------------------------------------------------
_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def guess(text: str) -> Cell:
    """SheetJS's typing of text cells from HTML/RTF: numbers and TRUE/FALSE."""
    if text == "":
        return None
    if _NUMBER.match(text):
        n = float(text)
        return int(n) if n.is_integer() and "e" not in text.lower() and abs(n) < 2**53 else n
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    return text


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else v


def _read_html(data: bytes) -> list[list[Cell]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data.decode("utf-8", "replace"), "html5lib")
    table = soup.find("table")
    if table is None:
        return []
    rows: list[list[Cell]] = []
    for tr in table.find_all("tr"):
        row: list[Cell] = []
        for td in tr.find_all(["td", "th"]):
            kind, raw = td.get("data-t"), td.get("data-v")
            if kind == "n" and raw is not None:
                row.append(_num(float(str(raw))))
            elif kind == "b" and raw is not None:
                row.append(str(raw).lower() == "true")
            elif kind == "s" and raw is not None:
                row.append(str(raw))
            else:
                for br in td.find_all("br"):
                    br.replace_with("\n")
                row.append(guess(td.get_text()))
        rows.append(row)
    return rows


def _read_rtf(data: bytes) -> list[list[Cell]]:
    text = data.decode("latin-1")
    rows: list[list[Cell]] = []
    for chunk in re.split(r"\\row\b", text)[:-1]:
        body = chunk.split("\\intbl", 1)[-1]
        cells = re.split(r"\\cell\b(?!x)", body)[:-1]
        rows.append([guess(_rtf_text(c)) for c in cells])
    return rows


def _rtf_text(s: str) -> str:
    s = re.sub(r"\\u(-?\d+)\??", lambda m: chr(int(m.group(1)) % 65536), s)
    s = re.sub(r"\\line\s?", "\n", s)
    s = re.sub(r"\\([\\{}])", r"\1", s)
    s = re.sub(r"\\[a-z]+-?\d*\s?", "", s)
    return s.replace("{", "").replace("}", "").strip("\r\n")


def _convert_value(v: Any) -> Cell:
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="milliseconds") + "Z"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return _num(v)
    return v if v is None or isinstance(v, (str, bool, int)) else str(v)


def _read_xlsx(data: bytes, sheet: str | None) -> list[list[Cell]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    if sheet and sheet not in wb.sheetnames:
        raise SpreadsheetError(f'Spreadsheet does not contain sheet called "{sheet}"!')
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = [[_convert_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def _read_xls(data: bytes, sheet: str | None) -> list[list[Cell]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=data)
    names = book.sheet_names()
    if sheet and sheet not in names:
        raise SpreadsheetError(f'Spreadsheet does not contain sheet called "{sheet}"!')
    ws = book.sheet_by_name(sheet) if sheet else book.sheet_by_index(0)
    rows: list[list[Cell]] = []
    for r in range(ws.nrows):
        row: list[Cell] = []
        for c in range(ws.ncols):
            cell = ws.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_EMPTY:
                row.append(None)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                row.append(bool(cell.value))
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                row.append(_num(cell.value))
            else:
                row.append(str(cell.value))
        rows.append(row)
    return rows


def _read_ods(data: bytes, sheet: str | None) -> list[list[Cell]]:
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    doc = load(io.BytesIO(data))
    tables = doc.spreadsheet.getElementsByType(Table)
    if not tables:
        return []
    table = next((t for t in tables if t.getAttribute("name") == sheet), None) if sheet else tables[0]
    if table is None:
        raise SpreadsheetError(f'Spreadsheet does not contain sheet called "{sheet}"!')
    rows: list[list[Cell]] = []
    for tr in table.getElementsByType(TableRow):
        row: list[Cell] = []
        for cell in tr.getElementsByType(TableCell):
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1) or 1)
            kind = cell.attributes.get((OFFICENS, "value-type"))
            value: Cell
            if kind in ("float", "percentage", "currency"):
                value = _num(float(cell.attributes.get((OFFICENS, "value"))))
            elif kind == "boolean":
                value = cell.attributes.get((OFFICENS, "boolean-value")) == "true"
            elif kind is None:
                value = None
            else:
                value = "\n".join(str(p) for p in cell.childNodes if p.qname[1] == "p") or str(cell)
            row.extend([value] * min(repeat, 1024))
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    return rows


def read_csv(text: str, *, delimiter: str = ",", relax_quotes: bool = False,
             from_line: int = 0, max_rows: int = -1) -> list[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or ",",
                        strict=not relax_quotes)
    try:
        rows: list[list[Cell]] = [list(r) for r in reader]
    except csv.Error as exc:
        raise SpreadsheetError(f"Invalid CSV: {exc}") from exc
    start = max(from_line - 1, 0) if from_line else 0
    return rows[start:]


def read_table(data: bytes, fmt: str, *, sheet_name: str | None = None) -> list[list[Cell]]:
    try:
        if fmt == "html":
            return _read_html(data)
        if fmt == "rtf":
            return _read_rtf(data)
        if fmt == "xlsx":
            return _read_xlsx(data, sheet_name)
        if fmt == "xls":
            return _read_xls(data, sheet_name)
        if fmt == "ods":
            return _read_ods(data, sheet_name)
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise SpreadsheetError(f"The file could not be read as {fmt.upper()}: {exc}") from exc
    raise SpreadsheetError(f"The format '{fmt}' is not supported")


def rows_to_objects(rows: list[list[Cell]], *, header_row: bool = True,
                    include_empty: bool = False) -> list[Any]:
    """SheetJS ``sheet_to_json``: objects keyed by the header row, or raw arrays."""
    if not header_row:
        return [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        return []
    keys: list[str] = []
    counts: dict[str, int] = {}
    for v in rows[0]:
        base = _text(v) if v not in (None, "") else "__EMPTY"
        n = counts.get(base, 0)
        counts[base] = n + 1
        keys.append(base if n == 0 else f"{base}_{n}")
    out = []
    for row in rows[1:]:
        obj: dict[str, Any] = {}
        for i, key in enumerate(keys):
            v = row[i] if i < len(row) else None
            if v is None:
                if include_empty:
                    obj[key] = ""
                continue
            obj[key] = v
        if obj or (include_empty and any(v is not None for v in row)):
            out.append(obj)
    return out
