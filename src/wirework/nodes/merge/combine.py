"""Merge's "combine" logic (v2 and v3): match by fields, by position, all combinations.

Items keep their json untouched; every combined item gets ``pairedItem`` listing the input
items it came from. Field matching follows n8n: a missing field never matches, values
compare with lodash ``isEqual`` or n8n's fuzzy comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, deep_merge, get_field, shallow_assign
from wirework.nodes._common.fuzzy import fuzzy_compare


@dataclass
class Matches:
    matched: list[tuple[Item, list[Item]]] = field(default_factory=list)
    matched2: list[Item] = field(default_factory=list)
    unmatched1: list[Item] = field(default_factory=list)
    unmatched2: list[Item] = field(default_factory=list)


def pairing_list(item: Item) -> list[Any]:
    p = item.get("pairedItem")
    if p is None:
        return []
    if isinstance(p, int):
        return [{"item": p}]
    return list(p) if isinstance(p, list) else [p]


def with_suffix(items: list[Item], suffix: str) -> list[Item]:
    return [{**it, "json": {f"{k}_{suffix}": v for k, v in it["json"].items()}} for it in items]


def with_source(items: list[Item], source: str) -> list[Item]:
    return [{**it, "json": {**it["json"], "_source": source}} for it in items]


def merger(clash: dict[str, Any]) -> Any:
    """The function that merges several json objects per the clash-handling options."""
    skip = bool(clash.get("overrideEmpty"))
    if clash.get("mergeMode") == "shallowMerge":
        return lambda *objs: shallow_assign(*objs, skip_empty=skip)
    return lambda *objs: deep_merge(*objs, skip_empty=skip)


def _binary(*items: Item | None) -> dict[str, Any]:
    return deep_merge(*((it or {}).get("binary") or {} for it in items))


def combined(json: dict[str, Any], binary: dict[str, Any], pairing: list[Any]) -> Item:
    out: Item = {"json": json, "pairedItem": pairing}
    if binary:
        out["binary"] = binary
    return out


def find_matches(input1: list[Item], input2: list[Item], pairs: list[dict[str, str]], *,
                 join_mode: str, output_from: str, options: dict[str, Any]) -> Matches:
    # n8n keeps input 1 as the outer loop even for enrichInput2 (fixture Merge4 relies on it)
    data1, data2 = input1, input2
    equal = fuzzy_compare(bool(options.get("fuzzyCompare")))
    dot = not options.get("disableDotNotation", False)
    first_only = options.get("multipleMatches", "all") == "first"
    result = Matches()
    matched_in_2: set[int] = set()
    for entry in data1:
        lookup = {p["field2"]: get_field(entry["json"], p["field1"], dot_notation=dot) for p in pairs}
        if any(v is UNDEFINED for v in lookup.values()):
            result.unmatched1.append(entry)
            continue
        found: list[tuple[int, Item]] = []
        for i, candidate in enumerate(data2):
            if all(equal(v, get_field(candidate["json"], k, dot_notation=dot)) for k, v in lookup.items()):
                found.append((i, candidate))
                if first_only:
                    break
        matched_in_2.update(i for i, _ in found)
        if not found:
            result.unmatched1.append(entry)
        elif output_from == "both" or join_mode in ("enrichInput1", "enrichInput2"):
            result.matched.extend((entry, [m]) for _, m in found)
        else:
            result.matched.append((entry, [m for _, m in found]))
    for i, entry in enumerate(data2):
        (result.matched2 if i in matched_in_2 else result.unmatched2).append(entry)
    return result


def merge_matched(matched: list[tuple[Item, list[Item]]], clash: dict[str, Any], *,
                  join_mode: str | None = None, version: int = 2) -> list[Item]:
    """Merge each matched entry with its matches.

    v2 clash values: preferInput1 | preferInput2 | addSuffix (enrichInput2 swaps the sides).
    v3 values: preferInput1 | preferLast | addSuffix.
    """
    combine = merger(clash)
    resolve = clash.get("resolveClash")
    out: list[Item] = []
    for entry, matches in matched:
        if resolve == "addSuffix":
            s1, s2 = ("2", "1") if join_mode == "enrichInput2" and version == 2 else ("1", "2")
            [e] = with_suffix([entry], s1)
            ms = with_suffix(matches, s2)
            json = combine(e["json"], *(m["json"] for m in ms))
            binary = _binary(e, *ms)
            pairing = [*pairing_list(entry), *(p for m in matches for p in pairing_list(m))]
        elif _entry_wins(resolve, join_mode, version):
            first, rest = matches[0], matches[1:]
            json = combine(first["json"], *(m["json"] for m in rest), entry["json"])
            binary = _binary(first, *rest, entry)
            pairing = [*(p for m in matches for p in pairing_list(m)), *pairing_list(entry)]
        else:
            json = combine(entry["json"], *(m["json"] for m in matches))
            binary = _binary(entry, *matches)
            pairing = [*pairing_list(entry), *(p for m in matches for p in pairing_list(m))]
        out.append(combined(json, binary, pairing))
    return out


def _entry_wins(resolve: Any, join_mode: str | None, version: int) -> bool:
    """Whether the input 1 entry's fields override its matches' (n8n's defaults, quirks kept:
    for enrichInput2, v2 swaps the meaning of the prefer options and v3 defaults to input 1)."""
    if version == 2:
        resolve = resolve or "preferInput2"
        return bool(resolve == ("preferInput2" if join_mode == "enrichInput2" else "preferInput1"))
    resolve = resolve or ("preferInput1" if join_mode == "enrichInput2" else "preferLast")
    return bool(resolve == "preferInput1")


def by_fields(input1: list[Item], input2: list[Item], pairs: list[dict[str, str]], *, join_mode: str,
              output_from: str, options: dict[str, Any], version: int = 2) -> list[Item]:
    """Combine by matching fields, after the empty-input rules n8n applies first."""
    if not input1 or not input2:
        if not input1 and join_mode == "keepNonMatches" and output_from == "input1":
            return []
        if not input2 and join_mode == "keepNonMatches" and output_from == "input2":
            return []
        if join_mode == "keepMatches":
            return []
        if (join_mode == "enrichInput1" and not input1) or (join_mode == "enrichInput2" and not input2):
            return []
        return [*input1, *input2]
    if not pairs:
        return [] if join_mode in ("keepMatches", "keepEverything", "enrichInput2") else list(input1)
    m = find_matches(input1, input2, pairs, join_mode=join_mode, output_from=output_from, options=options)
    clash = ((options.get("clashHandling") or {}).get("values")) or {}
    if join_mode in ("keepMatches", "keepEverything"):
        if output_from == "input1":
            out = [entry for entry, _ in m.matched]
        elif output_from == "input2":
            out = list(m.matched2)
        else:
            out = merge_matched(m.matched, clash, version=version)
        if join_mode == "keepEverything":
            u1, u2 = m.unmatched1, m.unmatched2
            if clash.get("resolveClash") == "addSuffix":
                u1, u2 = with_suffix(u1, "1"), with_suffix(u2, "2")
            out = [*out, *u1, *u2]
        return out
    if join_mode == "keepNonMatches":
        if output_from == "input1":
            return m.unmatched1
        if output_from == "input2":
            return m.unmatched2
        return [*with_source(m.unmatched1, "input1"), *with_source(m.unmatched2, "input2")]
    merged = merge_matched(m.matched, clash, join_mode=join_mode, version=version)
    rest = m.unmatched1 if join_mode == "enrichInput1" else m.unmatched2
    if clash.get("resolveClash") == "addSuffix":
        rest = with_suffix(rest, "1" if join_mode == "enrichInput1" else "2")
    return [*merged, *rest]


def _swap_for_clash(inputs: list[list[Item]], clash: dict[str, Any]) -> list[list[Item]]:
    if clash.get("resolveClash") == "preferInput1":
        return list(reversed(inputs))
    if clash.get("resolveClash") == "addSuffix":
        return [with_suffix(items, str(n + 1)) for n, items in enumerate(inputs)]
    return inputs


def by_position(inputs: list[list[Item]], clash: dict[str, Any], *, include_unpaired: bool) -> list[Item]:
    """Merge the i-th items of every input together."""
    if any(not items for items in inputs) and len(inputs) == 2:
        return [*inputs[0], *inputs[1]]
    ordered = _swap_for_clash(inputs, clash)
    combine = merger(clash)
    lengths = [len(items) for items in ordered]
    count = max(lengths) if include_unpaired else min(lengths)
    out: list[Item] = []
    for i in range(count):
        present = [items[i] for items in ordered if i < len(items)]
        if len(present) == 1:
            out.append(present[0])
            continue
        originals = [items[i] for items in inputs if i < len(items)]
        out.append(combined(combine(*(it["json"] for it in present)), _binary(*present),
                            [p for it in originals for p in pairing_list(it)]))
    return out


def all_combinations(input1: list[Item], input2: list[Item], clash: dict[str, Any]) -> list[Item]:
    """Cross join: every item of input 1 with every item of input 2."""
    first, second = _swap_for_clash([input1, input2], clash)
    combine = merger(clash)
    out: list[Item] = []
    for a in first:
        for b in second:
            out.append(combined(combine(a["json"], b["json"]), _binary(a, b),
                                [*pairing_list(a), *pairing_list(b)]))
    return out


def by_position_v3(ctx_hints: list[dict[str, Any]], inputs: list[list[Item]], clash: dict[str, Any], *,
                   include_unpaired: bool) -> list[Item]:
    """v3: merge the i-th items of all inputs; the preferred input (``preferInputN`` or the last)
    is merged last so it wins. n8n picks the preferred input before adding suffixes, so with
    ``addSuffix`` the last input's unsuffixed fields appear too — kept for parity."""
    resolve = str(clash.get("resolveClash") or "")
    index = int(resolve.removeprefix("preferInput")) - 1 if resolve.startswith("preferInput") else len(inputs) - 1
    preferred = inputs[min(max(index, 0), len(inputs) - 1)]
    if resolve == "addSuffix":
        inputs = [with_suffix(items, str(n + 1)) for n, items in enumerate(inputs)]
    lengths = [len(items) for items in inputs] + [len(preferred)]
    count = max(lengths) if include_unpaired else min(lengths)
    if count == 0 and not include_unpaired:
        ctx_hints.append({"message": 'Consider enabling "Include Any Unpaired Items" in options or check your inputs'})
        return []
    combine = merger(clash)
    out: list[Item] = []
    for i in range(count):
        rest = [items[i] if i < len(items) else {"json": {}} for items in inputs]
        best = preferred[i] if i < len(preferred) else {"json": {}}
        json = combine({}, *(it.get("json") or {} for it in rest), best.get("json") or {})
        pairing = [p for it in (*rest, best) for p in pairing_list(it)]
        out.append(combined(json, _binary(*rest, best), pairing))
    return out
