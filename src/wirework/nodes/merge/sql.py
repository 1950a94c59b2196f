"""Merge v3 "SQL Query" mode on an in-memory SQLite database.

n8n runs the query with alasql over tables ``input1``…``inputN``. Here every input becomes a
SQLite table whose columns are the union of its items' top-level keys; nested objects and
arrays are stored as JSON text (and parsed back), booleans as 0/1. A NULL in a column that
comes from an input table reads as "missing" (alasql leaves absent fields and the columns of
an unmatched LEFT JOIN side undefined), so explicit nulls in the inputs are dropped too —
the documented difference to n8n. ``SELECT *`` over a join merges columns left to right.
ATTACH/DETACH are refused, so a query can only see the inputs.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from wirework.model import Item
from wirework.nodes.merge.combine import pairing_list
from wirework.nodes.sdk import NodeContext

_EMPTY = "__wirework_empty__"
_DENIED = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


def _authorize(action: int, *_: Any) -> int:
    return sqlite3.SQLITE_DENY if action in _DENIED else sqlite3.SQLITE_OK


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _to_sql(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def _from_sql(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _load(conn: sqlite3.Connection, name: str, items: list[Item]) -> list[str]:
    columns: list[str] = []
    for it in items:
        columns.extend(k for k in it["json"] if k not in columns)
    cols = columns or [_EMPTY]
    conn.execute(f"CREATE TABLE {name} ({', '.join(_quote(c) for c in cols)})")
    if columns:
        marks = ", ".join("?" for _ in columns)
        rows = [[_to_sql(it["json"].get(c)) for c in columns] for it in items]
        conn.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
    return columns


def _row(names: list[str], values: tuple[Any, ...], table_columns: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(names, values, strict=True):
        if name == _EMPTY or (value is None and (name in out or name in table_columns)):
            continue
        out[name] = _from_sql(value)
    return out


def combine_by_sql(ctx: NodeContext, inputs: list[list[Item]]) -> list[Item]:
    query = str(ctx.get_param("query", 0) or "").strip()
    pairing = [p for items in inputs for it in items for p in pairing_list(it)]
    conn = sqlite3.connect(":memory:")
    try:
        table_columns: set[str] = set()
        for n, items in enumerate(inputs, start=1):
            table_columns.update(_load(conn, f"input{n}", items))
        conn.set_authorizer(_authorize)
        try:
            cursor = conn.execute(query)
            rows = cursor.fetchall()
        except sqlite3.Error as exc:
            raise ctx.error(f"Issue while executing query: {exc}", parameter="query", retryable=False) from exc
        if cursor.description is None:
            return [{"json": {"success": True}, "pairedItem": pairing}]
        names = [d[0] for d in cursor.description]
        return [{"json": _row(names, values, table_columns), "pairedItem": pairing} for values in rows]
    finally:
        conn.close()
