"""The documented YAML pack format (`docs`' quiz pack format: a mapping with an `items` list of
quiz items). Imports `schema`."""

from __future__ import annotations

from typing import Any

import yaml

from bot.errors import UserError
from bot.quiz.items import ITEM_STATUSES, check_item, derived_id, shown
from bot.quiz.packs.schema import Pack, _check_count, _item_problems, _node_lines, _text_field

_PACK_KEYS = {"title", "author", "description", "version", "items"}


def _parse_yaml_pack(loaded: Any, node: Any, name: str, *, max_items: int, origin: str) -> Pack:
    if not isinstance(loaded, dict):
        raise UserError(f"{name}: a quiz pack is a mapping with an 'items' list")
    unknown = set(map(str, loaded)) - _PACK_KEYS
    if unknown:
        raise UserError(f"{name}: unknown top-level field '{shown(sorted(unknown)[0])}' (allowed: {', '.join(sorted(_PACK_KEYS))})")
    raw_items = loaded.get("items")
    if not isinstance(raw_items, list):
        raise UserError(f"{name}: field 'items' must be a list of items")
    _check_count(len(raw_items), name, max_items)
    author = _text_field(loaded.get("author"), "author", name, 100)
    items_node = next((v for k, v in node.value if str(k.value) == "items"), None) if isinstance(node, yaml.MappingNode) else None
    pack = Pack([], "yaml", title=_text_field(loaded.get("title"), "title", name), author=author,
                description=_text_field(loaded.get("description"), "description", name, 1000), name=name)
    for index, raw in enumerate(raw_items, start=1):
        item_node = items_node.value[index - 1] if isinstance(items_node, yaml.SequenceNode) else None
        line, lines = _node_lines(item_node)
        status = None
        if isinstance(raw, dict):
            raw = dict(raw)
            if not raw.get("id") and isinstance(raw.get("prompt"), str):
                raw["id"] = derived_id("m", raw["prompt"], str(raw.get("answer", "")))
            status = raw.pop("status", None)
            if origin != "builtin" and raw.get("origin") == "builtin":
                raw["origin"] = origin  # a copy of a built-in item becomes the server's own
            raw.setdefault("origin", origin)
            if author and not raw.get("author"):
                raw["author"] = author
        item, errors = check_item(raw)
        if status is not None and status not in ITEM_STATUSES:
            errors.append(("status", f"must be one of {', '.join(ITEM_STATUSES)}"))
        if errors or item is None:
            _item_problems(pack, raw, f"item {index}", raw.get("id") if isinstance(raw, dict) else None, line, lines,
                           errors)
            continue
        if status is not None:
            pack.statuses[item.id] = status
        pack.add(item, f"item {index}", line, lines)
    return pack
