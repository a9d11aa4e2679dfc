"""Writing items back out in the documented YAML format, quoted so that `parse_pack` reads back
the same items (and statuses). Imports nothing of the package."""

from __future__ import annotations

from typing import Any, Iterable

import yaml

from bot.quiz.items import ITEM_STATUSES, QuizItem, from_record

_EXPORT_ORDER = ("id", "kind", "essay", "paragraph", "difficulty", "prompt", "choices", "answer",
                 "accepted", "reference", "explanation", "tags", "author", "origin")


class _QuotedDumper(yaml.SafeDumper):
    """Quotes every string that YAML 1.1 would read back as something else (yes, 3.10, ...)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    if style is None:
        resolved = yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, value, (True, False))
        if resolved != "tag:yaml.org,2002:str":
            style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_QuotedDumper.add_representer(str, _represent_str)


def export_yaml(items: Iterable[QuizItem | dict], *, title: str = "", author: str = "") -> str:
    """The documented pack format; what `parse_pack` reads back into the same items (and, for a
    server's own items given as store records, the same statuses)."""
    out_items = []
    for item in items:
        status = None
        if isinstance(item, dict):
            status = item.get("status") if item.get("guild_id") is not None else None
            item = from_record(item)
        record = item.to_record()
        ordered = {}
        for key in _EXPORT_ORDER:
            value = record.get(key)
            if value in (None, "", []):
                continue
            ordered[key] = value
        if status in ITEM_STATUSES:
            ordered["status"] = status  # a pending item stays pending when imported again
        out_items.append(ordered)
    doc: dict[str, Any] = {}
    if title:
        doc["title"] = title
    if author:
        doc["author"] = author
    doc["items"] = out_items
    return yaml.dump(doc, Dumper=_QuotedDumper, sort_keys=False, allow_unicode=True, width=100)
