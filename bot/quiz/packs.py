"""Quiz packs in and out: the documented YAML format, Red-DiscordBot trivia lists, and CSV.

Everything here is all-or-nothing: a pack is parsed and validated completely before anything is
stored, and the first problem is one `UserError` that names the item and the field.

YAML is read with a `SafeLoader` subclass that keeps every plain scalar as text (only `null`/`~`
is resolved). YAML 1.1 would otherwise turn an answer written as `no` into `False`, `3.10` into
`3.1` and `2019-05-01` into a date; for a quiz those are answers, not data types. Aliases are
refused outright, which also rules out "billion laughs" alias bombs, and the size is checked
before parsing.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml

from bot.errors import UserError
from bot.quiz.items import QuizItem, check_unique_ids, derived_id, from_record, parse_item

log = logging.getLogger(__name__)

PackFormat = Literal["yaml", "red", "csv"]
DEFAULT_MAX_ITEMS = 500
DEFAULT_MAX_BYTES = 1_000_000
MAX_DEPTH = 8
_NULL_TAG = "tag:yaml.org,2002:null"


class TextSafeLoader(yaml.SafeLoader):
    """Safe YAML where plain scalars stay strings; aliases and deep nesting are refused."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise UserError(f"YAML aliases (*{event.anchor}) are not allowed in quiz packs (line {event.start_mark.line + 1})")
        depth = getattr(self, "_depth", 0)
        if depth > MAX_DEPTH:
            raise UserError("the YAML is nested too deeply for a quiz pack")
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


TextSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TextSafeLoader.yaml_implicit_resolvers = {k: v for k, v in TextSafeLoader.yaml_implicit_resolvers.items() if v}


def load_yaml_text(text: str, *, name: str = "pack") -> Any:
    loader = None
    try:
        loader = TextSafeLoader(text)  # its reader already rejects control characters
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise UserError(f"{name}: not valid YAML{where}: {problem}") from None
    finally:
        if loader is not None:
            loader.dispose()


@dataclass
class Pack:
    items: list[QuizItem]
    format: PackFormat
    title: str = ""
    author: str = ""
    description: str = ""
    notes: list[str] = field(default_factory=list)  # things ignored on import, told to the moderator


def decode_pack_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise UserError(f"{name}: file is {len(data):,} bytes; the limit is {max_bytes:,}")
    if b"\0" in data:
        raise UserError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{name}: not UTF-8 text (bad byte at position {exc.start})") from None


def detect_format(name: str, text: str) -> PackFormat:
    """CSV by extension; YAML with a top-level `items` list is our format, otherwise Red trivia."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix not in (".yaml", ".yml", ".txt", ""):
        raise UserError(f"{name}: quiz packs are .yaml, .yml or .csv files")
    if re.search(r"^items\s*:", text, re.M):
        return "yaml"
    return "red"


def parse_pack(data: bytes | str, name: str = "pack.yaml", *, fmt: PackFormat | None = None,
               max_items: int = DEFAULT_MAX_ITEMS, max_bytes: int = DEFAULT_MAX_BYTES,
               origin: str = "moderator") -> Pack:
    """Parse and validate a whole pack; raise `UserError` on the first problem."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = decode_pack_bytes(raw, name, max_bytes=max_bytes)
    fmt = fmt or detect_format(name, text)
    if fmt == "csv":
        pack = _parse_csv(text, name, max_items=max_items, origin=origin)
    else:
        loaded = load_yaml_text(text, name=name)
        if fmt == "yaml":
            pack = _parse_yaml_pack(loaded, name, max_items=max_items, origin=origin)
        else:
            pack = _parse_red(loaded, name, max_items=max_items, origin=origin)
    if not pack.items:
        raise UserError(f"{name}: the pack holds no items")
    check_unique_ids(pack.items)
    return pack


def read_pack_file(path: str | Path, **kwargs: Any) -> Pack:
    path = Path(path)
    max_bytes = kwargs.get("max_bytes", DEFAULT_MAX_BYTES)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a quiz pack")
    if size > max_bytes:
        raise UserError(f"{path.name}: file is {size:,} bytes; the limit is {max_bytes:,}")
    return parse_pack(path.read_bytes(), path.name, **kwargs)


def _check_count(count: int, name: str, max_items: int) -> None:
    if count > max_items:
        raise UserError(f"{name}: {count} items; a pack may hold at most {max_items}")


def _text_field(value: Any, what: str, name: str, limit: int = 200) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise UserError(f"{name}: field '{what}' must be text")
    value = str(value).strip()
    if len(value) > limit:
        raise UserError(f"{name}: field '{what}' is longer than {limit} characters")
    return value


# -- the documented YAML format ---------------------------------------------------------------

_PACK_KEYS = {"title", "author", "description", "version", "items"}


def _parse_yaml_pack(loaded: Any, name: str, *, max_items: int, origin: str) -> Pack:
    if not isinstance(loaded, dict):
        raise UserError(f"{name}: a quiz pack is a mapping with an 'items' list")
    unknown = set(map(str, loaded)) - _PACK_KEYS
    if unknown:
        raise UserError(f"{name}: unknown top-level field '{sorted(unknown)[0]}' (allowed: {', '.join(sorted(_PACK_KEYS))})")
    raw_items = loaded.get("items")
    if not isinstance(raw_items, list):
        raise UserError(f"{name}: field 'items' must be a list of items")
    _check_count(len(raw_items), name, max_items)
    author = _text_field(loaded.get("author"), "author", name, 100)
    items = []
    for index, raw in enumerate(raw_items, start=1):
        if isinstance(raw, dict):
            raw = dict(raw)
            if not raw.get("id") and isinstance(raw.get("prompt"), str):
                raw["id"] = derived_id("m", raw["prompt"], str(raw.get("answer", "")))
            raw.setdefault("origin", origin)
            if author and not raw.get("author"):
                raw["author"] = author
        items.append(parse_item(raw, index=index))
    return Pack(items, "yaml", title=_text_field(loaded.get("title"), "title", name),
                author=author, description=_text_field(loaded.get("description"), "description", name, 1000))


# -- Red-DiscordBot trivia lists ---------------------------------------------------------------

_RED_META = {"AUTHOR", "DESCRIPTION", "CONFIG"}


def _parse_red(loaded: Any, name: str, *, max_items: int, origin: str) -> Pack:
    """`question: [answer, ...]` pairs plus optional AUTHOR, DESCRIPTION and CONFIG keys.

    Each question becomes a short-answer item (first answer main, the rest accepted). CONFIG
    tunes Red's own game (scores, delays); our sessions have their own settings, so it is
    reported as ignored rather than silently dropped.
    """
    if not isinstance(loaded, dict):
        raise UserError(f"{name}: a Red trivia list maps each question to a list of answers")
    author = _text_field(loaded.get("AUTHOR"), "AUTHOR", name, 100)
    description = _text_field(loaded.get("DESCRIPTION"), "DESCRIPTION", name, 1000)
    notes = []
    if "CONFIG" in loaded:
        if not isinstance(loaded["CONFIG"], dict):
            raise UserError(f"{name}: field 'CONFIG' must be a mapping of settings")
        if loaded["CONFIG"]:
            notes.append(f"CONFIG settings ignored: {', '.join(sorted(map(str, loaded['CONFIG'])))}")
    questions = [(q, a) for q, a in loaded.items() if q not in _RED_META]
    _check_count(len(questions), name, max_items)
    items = []
    for index, (question, answers) in enumerate(questions, start=1):
        label_q = str(question)[:60]
        if question is None or not str(question).strip():
            raise UserError(f"{name}: question {index}: the question text is empty")
        if isinstance(answers, (str, int, float)):
            answers = [answers]
        if not isinstance(answers, list) or not answers:
            raise UserError(f"{name}: question {index} ('{label_q}'): field 'answers' must be a list of at least one answer")
        texts = []
        for answer in answers:
            if answer is None or isinstance(answer, (dict, list)):
                raise UserError(f"{name}: question {index} ('{label_q}'): field 'answers' holds an empty or non-text answer")
            texts.append(str(answer).strip())
        texts = list(dict.fromkeys(t for t in texts if t))
        raw = {
            "id": derived_id("red", str(question)),
            "kind": "short_answer",
            "prompt": str(question).replace("\\n", "\n").strip(),
            "answer": texts[0] if texts else "",
            "accepted": texts[1:],
            "author": author,
            "origin": origin,
        }
        items.append(parse_item(raw, index=index, label=f"{name}: question"))
    return Pack(items, "red", author=author, description=description, notes=notes)


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = ("question", "answer", "alternatives", "explanation", "essay", "paragraph")
_CSV_ALIASES = {
    "question": "question", "prompt": "question",
    "answer": "answer", "correct": "answer",
    "alternatives": "alternatives", "alternative answers": "alternatives", "alternative_answers": "alternatives",
    "accepted": "alternatives", "alternates": "alternatives",
    "explanation": "explanation", "essay": "essay", "paragraph": "paragraph",
}


def _parse_csv(text: str, name: str, *, max_items: int, origin: str) -> Pack:
    """Rows of question, answer, alternative answers (separated by `|` or `;`), explanation.

    A header row is optional; with one, the columns may be in any order and may add `essay`
    and `paragraph`.
    """
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise UserError(f"{name}: not valid CSV: {exc}") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    columns = list(CSV_COLUMNS[:4])
    if rows and {c.strip().lower() for c in rows[0]} & {"question", "prompt"}:
        header = [c.strip().lower() for c in rows[0]]
        unknown = [c for c in header if c and c not in _CSV_ALIASES]
        if unknown:
            raise UserError(f"{name}: unknown column '{unknown[0]}' (known: {', '.join(CSV_COLUMNS)})")
        columns = [_CSV_ALIASES.get(c, "") for c in header]
        if "answer" not in columns:
            raise UserError(f"{name}: the header has no 'answer' column")
        rows = rows[1:]
    _check_count(len(rows), name, max_items)
    items = []
    for number, row in enumerate(rows, start=1):
        if len(row) > len(columns):
            raise UserError(f"{name}: row {number}: {len(row)} columns; expected at most {len(columns)} ({', '.join(c for c in columns if c)})")
        cells = {col: cell.strip() for col, cell in zip(columns, row) if col}
        alternatives = [a.strip() for a in re.split(r"[|;]", cells.get("alternatives", "")) if a.strip()]
        raw: dict[str, Any] = {
            "id": derived_id("csv", cells.get("question", ""), cells.get("answer", "")),
            "kind": "short_answer",
            "prompt": cells.get("question", ""),
            "answer": cells.get("answer", ""),
            "accepted": alternatives,
            "explanation": cells.get("explanation", ""),
            "origin": origin,
        }
        if cells.get("essay"):
            raw["essay"] = cells["essay"]
        if cells.get("paragraph"):
            raw["paragraph"] = cells["paragraph"]
        items.append(parse_item(raw, index=number, label=f"{name}: row"))
    return Pack(items, "csv")


# -- export ----------------------------------------------------------------------------------

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
    """The documented pack format; what `parse_pack` reads back into the same items."""
    out_items = []
    for item in items:
        if isinstance(item, dict):
            item = from_record(item)
        record = item.to_record()
        ordered = {}
        for key in _EXPORT_ORDER:
            value = record.get(key)
            if value in (None, "", []):
                continue
            ordered[key] = value
        out_items.append(ordered)
    doc: dict[str, Any] = {}
    if title:
        doc["title"] = title
    if author:
        doc["author"] = author
    doc["items"] = out_items
    return yaml.dump(doc, Dumper=_QuotedDumper, sort_keys=False, allow_unicode=True, width=100)


def builtin_records(path: str | Path, *, max_items: int = 5_000, max_bytes: int = 5_000_000) -> list[dict[str, Any]]:
    """The built-in pack as store records, for `Store.sync_builtin_items` at start-up."""
    pack = read_pack_file(path, origin="builtin", max_items=max_items, max_bytes=max_bytes)
    missing = [i.id for i in pack.items if not i.essay]
    if missing:
        raise UserError(f"built-in item {missing[0]} names no essay")
    return [i.to_record() for i in pack.items]


def assign_essay(items: list[QuizItem], essay: str | None, *, name: str = "pack") -> list[QuizItem]:
    """Give items without an essay the one the moderator chose; the store files every item under one."""
    out = []
    for index, item in enumerate(items, start=1):
        if not item.essay:
            if not essay:
                raise UserError(f"{name}: item {index} (id '{item.id}') names no essay; choose the essay these questions are about")
            item = item.model_copy(update={"essay": essay})
        out.append(item)
    return out
