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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml

from bot.errors import UserError
from bot.quiz import lexicon
from bot.quiz.grading.analysis import analyse
from bot.quiz.items import ITEM_STATUSES, QuizItem, check_item, derived_id, from_record, shown
from bot.quiz.normalize import canonical, root

log = logging.getLogger(__name__)

PackFormat = Literal["yaml", "red", "csv"]
DEFAULT_MAX_ITEMS = 500
DEFAULT_MAX_BYTES = 1_000_000
MAX_DEPTH = 8
_NULL_TAG = "tag:yaml.org,2002:null"


class TextSafeLoader(yaml.SafeLoader):
    """Safe YAML where plain scalars stay strings; aliases, deep nesting and repeated keys are refused.

    `name` (the file's name) starts every message, so a moderator knows which upload failed.
    """

    name = "pack"

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise UserError(f"{self.name}: line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not "
                            "allowed in quiz packs")
        depth = getattr(self, "_depth", 0)
        if depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise UserError(f"{self.name}: line {mark.line + 1}: the YAML is nested more than {MAX_DEPTH} levels deep "
                            "for a quiz pack")
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        """YAML keeps only the last of two equal keys; in a quiz that silently drops a question."""
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # the base class reports unhashable keys
            if key in seen:
                raise UserError(f"{self.name}: line {key_node.start_mark.line + 1}: the key '{shown(key)}' appears "
                                f"twice (first on line {seen[key]}); YAML would keep only the last one")
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


TextSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TextSafeLoader.yaml_implicit_resolvers = {k: v for k, v in TextSafeLoader.yaml_implicit_resolvers.items() if v}


def load_yaml_text(text: str, *, name: str = "pack") -> Any:
    return load_yaml_document(text, name=name)[0]


def load_yaml_document(text: str, *, name: str = "pack") -> tuple[Any, Any]:
    """The data and its node tree: the nodes keep each item's and each key's line, so every
    problem of a pack can be reported with its line (yaml.compose, then construct)."""
    loader = None
    try:
        loader = TextSafeLoader(text)  # its reader already rejects control characters
        loader.name = name
        node = loader.get_single_node()
        if node is None:
            return None, None
        return loader.construct_document(node), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = (getattr(exc, "problem", None) or exc.__class__.__name__).replace("\n", " ")
        raise UserError(f"{name}: not valid YAML{where}: {problem}") from None
    finally:
        if loader is not None:
            loader.dispose()


@dataclass(frozen=True)
class PlayRules:
    """How a Red trivia list asks to be played (its CONFIG), in this bot's terms.

    `max_score`: the first player to that many right answers wins; `seconds`: time per question
    (Red's `delay`); `idle_seconds`: stop after that long without an answer (Red's `timeout`);
    `reveal_answer`: show the answer when nobody got it; `use_spoilers`: show it hidden.
    """

    max_score: int | None = None
    seconds: int | None = None
    idle_seconds: float | None = None
    reveal_answer: bool = True
    use_spoilers: bool = False

    def to_record(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_record(cls, data: Any) -> "PlayRules":
        if not isinstance(data, dict):
            return cls()
        known = {k: data[k] for k in ("max_score", "seconds", "idle_seconds", "reveal_answer", "use_spoilers") if k in data}
        try:
            return cls(**known)
        except TypeError:
            return cls()


@dataclass(frozen=True)
class PackProblem:
    """One problem of a pack: where (line, item) and what."""

    line: int | None
    where: str        # "item 3 (id 'x')", "row 2", "question 4 ('Who?')"
    text: str         # "field 'answer': ..."

    def render(self, name: str) -> str:
        where = f"{self.where}: " if self.where else ""
        at = f" (line {self.line})" if self.line else ""
        return f"{name}: {where}{self.text}{at}"


class PackErrors(UserError):
    """Every problem of a pack, in file order, each with its line: fixed in one round, not one per
    run. Like every error message it is one line (the problems are joined with " | ")."""

    def __init__(self, name: str, problems: list[PackProblem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0))
        if len(self.problems) == 1:
            message = self.problems[0].render(name)
        else:  # one line, as every error message is; " | " between problems, in file order
            message = (f"{name}: {len(self.problems)} problems (nothing is imported until all are fixed): "
                       + " | ".join(p.render(name) for p in self.problems))
        super().__init__(message)


@dataclass
class Pack:
    items: list[QuizItem]
    format: PackFormat
    title: str = ""
    author: str = ""
    description: str = ""
    notes: list[str] = field(default_factory=list)  # things ignored on import, told to the moderator
    statuses: dict[str, str] = field(default_factory=dict)  # item id -> status, as exported
    labels: list[str] = field(default_factory=list)  # "item 3", "question 2", "row 5": where each item is
    rules: PlayRules | None = None  # a Red list's CONFIG, honoured when the pack is played
    name: str = "pack"
    lines: list[int | None] = field(default_factory=list)  # the line where each item starts
    field_lines: list[dict[str, int]] = field(default_factory=list)  # per item: field -> line
    problems: list[PackProblem] = field(default_factory=list)  # what is wrong (items with problems are left out)

    def label(self, index: int) -> str:
        item = self.items[index]
        label = self.labels[index] if index < len(self.labels) else f"item {index + 1}"
        return f"{label} (id '{item.id}')"

    def problem(self, index: int, field_name: str, message: str) -> PackProblem:
        """A problem of item `index` (of `items`), placed on the line of its field when known."""
        lines = self.field_lines[index] if index < len(self.field_lines) else {}
        line = lines.get(field_name.split(".")[0]) or (self.lines[index] if index < len(self.lines) else None)
        return PackProblem(line, self.label(index), f"field '{field_name}': {message}")

    def raise_problems(self) -> None:
        if self.problems:
            raise PackErrors(self.name, self.problems)

    def where(self, index: int) -> str:
        item = self.items[index]
        label = self.labels[index] if index < len(self.labels) else f"item {index + 1}"
        return f"{self.name}: {label} (id '{item.id}')"

    @property
    def tag(self) -> str:
        """The tag every item of a played pack carries (`pack:` and the file's name)."""
        return pack_tag(self.name)


def pack_tag(name: str) -> str:
    stem = Path(name).stem if "." in name else name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:34] or "pack"
    return f"pack:{slug}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_pack_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise UserError(f"{name}: file is {len(data):,} bytes; the limit is {max_bytes:,}")
    if b"\0" in data:
        raise UserError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{name}: not UTF-8 text (bad byte at position {exc.start})") from None
    if not text.strip():
        raise UserError(f"{name}: the file is empty")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise UserError(f"{name}: line {line} column {column}: control character U+{ord(bad.group()):04X} is not allowed")
    return text


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
               origin: str = "moderator", collect: bool = False) -> Pack:
    """Parse and validate a whole pack. Every problem of every item is found (each with its line);
    they are raised together as `PackErrors`, or, with `collect`, kept in `pack.problems` so the
    citation checks of an import can add theirs before one report (`bot.quiz.importing.prepare`).
    A file that cannot be read as a pack at all (not UTF-8, not YAML, too big) is one `UserError`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    name = shown(name, 120)
    text = decode_pack_bytes(raw, name, max_bytes=max_bytes)
    fmt = fmt or detect_format(name, text)
    if fmt == "csv":
        pack = _parse_csv(text, name, max_items=max_items, origin=origin)
    else:
        loaded, node = load_yaml_document(text, name=name)
        if fmt == "yaml":
            pack = _parse_yaml_pack(loaded, node, name, max_items=max_items, origin=origin)
        else:
            pack = _parse_red(loaded, node, name, max_items=max_items, origin=origin)
    pack.name = name
    if not pack.items and not pack.problems and fmt != "yaml":
        raise UserError(f"{name}: the file holds no questions")
    _check_unique(pack)
    if not collect:
        pack.raise_problems()
    return pack


def _check_unique(pack: Pack) -> None:
    """Two items with one id, or asking the same question, are a mistake (the second would replace
    the first, or both would come up in one quiz)."""
    ids: dict[str, int] = {}
    prompts: dict[tuple[str, str], int] = {}
    for index, item in enumerate(pack.items):
        if item.id in ids:
            first = pack.labels[ids[item.id]]
            pack.problems.append(pack.problem(index, "id", f"the same id is used by {first}"))
        ids.setdefault(item.id, index)
        key = (item.essay, canonical(item.prompt))
        if key in prompts:
            pack.problems.append(pack.problem(index, "prompt", f"the same question as {pack.labels[prompts[key]]}"))
        prompts.setdefault(key, index)


def _node_lines(node: Any) -> tuple[int | None, dict[str, int]]:
    """The line of a YAML node and, for a mapping, of each of its keys."""
    if node is None:
        return None, {}
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines.setdefault(str(key_node.value), key_node.start_mark.line + 1)
    return node.start_mark.line + 1, lines


def _item_problems(pack: Pack, raw: Any, label: str, item_id: Any, line: int | None, lines: dict[str, int],
                   errors: list[tuple[str, str]]) -> None:
    """Every field problem of one item, on the line of its field: one line of the report per item
    (several fields are joined), so a pack of fifty items with one mistake each is fifty lines."""
    where = label + (f" (id '{shown(item_id)}')" if isinstance(item_id, str) and item_id else "")
    texts = [f"field '{f}': {m}" if f else m for f, m in errors]
    first_field = errors[0][0].split(".")[0] if errors else ""
    pack.problems.append(PackProblem(lines.get(first_field) or line, where, "; ".join(texts)))


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
        pack.items.append(item)
        pack.labels.append(f"item {index}")
        pack.lines.append(line)
        pack.field_lines.append(lines)
    return pack


# -- Red-DiscordBot trivia lists ---------------------------------------------------------------

_RED_META = {"AUTHOR", "DESCRIPTION", "CONFIG", "$schema"}
_YAML_TRUE = {"true", "yes", "on", "y"}
_YAML_FALSE = {"false", "no", "off", "n"}


def _red_number(value: Any) -> float | None:
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", text):
        return None
    return float(text)


def _red_bool(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in _YAML_TRUE else False if text in _YAML_FALSE else None


def _red_config(config: Any, name: str) -> tuple[PlayRules, list[str]]:
    """Red's CONFIG checked exactly as Red checks it (redbot/cogs/trivia/schema.py), then mapped
    onto this bot; what has no meaning here is accepted and reported."""
    if not isinstance(config, dict):
        raise UserError(f"{name}: 'CONFIG' should be a 'key: value' mapping")
    values: dict[str, Any] = {}
    for key, value in config.items():
        key = str(key)
        if key == "max_score":
            number = _red_number(value)
            if number is None or number != int(number) or "." in str(value) or number < 1:
                raise UserError(f"{name}: 'max_score' key in 'CONFIG' must be a positive integer")
            values[key] = int(number)
        elif key in ("timeout", "delay", "payout_multiplier"):
            number = _red_number(value)
            ok = number is not None and (number > 0 if key == "timeout" else number >= 4 if key == "delay" else number >= 0)
            if not ok:
                need = {"timeout": "a positive number", "delay": "a positive number greater than or equal to 4",
                        "payout_multiplier": "a non-negative number"}[key]
                raise UserError(f"{name}: '{key}' key in 'CONFIG' must be {need}")
            values[key] = number
        elif key in ("bot_plays", "reveal_answer", "use_spoilers"):
            flag = _red_bool(value)
            if flag is None:
                raise UserError(f"{name}: '{key}' key in 'CONFIG' must be either true or false")
            values[key] = flag
        else:
            raise UserError(f"{name}: {shown(key)} is not a key that can be specified in CONFIG")
    notes = []
    rules = PlayRules(
        max_score=values.get("max_score"),
        seconds=int(round(values["delay"])) if "delay" in values else None,
        idle_seconds=values.get("timeout"),
        reveal_answer=values.get("reveal_answer", True),
        use_spoilers=values.get("use_spoilers", False),
    )
    honoured = [k for k in ("max_score", "delay", "timeout", "reveal_answer", "use_spoilers") if k in values]
    if honoured:
        notes.append(f"CONFIG honoured when this pack is played: {', '.join(honoured)}")
    ignored = [k for k in ("bot_plays", "payout_multiplier") if k in values]
    if ignored:
        notes.append(f"CONFIG accepted but not applicable here (no bot player, no credits): {', '.join(ignored)}")
    return rules, notes


def _parse_red(loaded: Any, node: Any, name: str, *, max_items: int, origin: str) -> Pack:
    """`question: [answer, ...]` pairs plus optional AUTHOR, DESCRIPTION and CONFIG keys.

    Each question becomes a short-answer item (first answer main, the rest accepted), tagged with
    the pack's name so the pack can be played on its own with its CONFIG (see `PlayRules`).
    """
    if not isinstance(loaded, dict):
        raise UserError(f"{name}: a Red trivia list maps each question to a list of answers")
    author = _text_field(loaded.get("AUTHOR"), "AUTHOR", name, 100)
    description = _text_field(loaded.get("DESCRIPTION"), "DESCRIPTION", name, 1000)
    rules, notes = (None, [])
    if "CONFIG" in loaded:
        rules, notes = _red_config(loaded["CONFIG"], name)
    questions = [(q, a) for q, a in loaded.items() if q not in _RED_META]
    _check_count(len(questions), name, max_items)
    tag = pack_tag(name)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines.setdefault(str(key_node.value), key_node.start_mark.line + 1)
    pack = Pack([], "red", author=author, description=description, notes=notes, rules=rules, name=name)
    for index, (question, answers) in enumerate(questions, start=1):
        label_q = shown(question)
        line = key_lines.get(str(question))
        if question is None or not str(question).strip():
            pack.problems.append(PackProblem(line, f"question {index}", "the question text is empty"))
            continue
        if isinstance(answers, (str, int, float)):
            answers = [answers]
        if not isinstance(answers, list) or not answers:
            pack.problems.append(PackProblem(line, f"question {index} ('{label_q}')",
                                             "field 'answers' must be a list of at least one answer"))
            continue
        texts = []
        if any(answer is None or isinstance(answer, (dict, list)) for answer in answers):
            pack.problems.append(PackProblem(line, f"question {index} ('{label_q}')",
                                             "field 'answers' holds an empty or non-text answer"))
            continue
        for answer in answers:
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
            "tags": [tag],
        }
        item, errors = check_item(raw)
        if item is None:
            _item_problems(pack, raw, f"question {index}", raw["id"], line, {}, errors)
            continue
        pack.items.append(item)
        pack.labels.append(f"question {index}")
        pack.lines.append(line)
        pack.field_lines.append({})
    return pack


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
    reader = csv.reader(io.StringIO(text), strict=True)
    rows = []
    starts = []
    try:
        last = 0
        for row in reader:
            rows.append(row)
            starts.append(last + 1)
            last = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" in str(exc) or "EOF" in str(exc):
            start = _open_quote_line(text)
            raise UserError(f"{name}: line {start}: a quoted field is never closed (a \" without its partner)") from None
        raise UserError(f"{name}: line {reader.line_num}: not valid CSV: {exc}") from None
    kept = [(r, line) for r, line in zip(rows, starts) if any(cell.strip() for cell in r)]
    rows = [r for r, _ in kept]
    starts = [line for _, line in kept]
    columns = list(CSV_COLUMNS[:4])
    if rows and {c.strip().lower() for c in rows[0]} & {"question", "prompt"}:
        header = [c.strip().lower() for c in rows[0]]
        unknown = [c for c in header if c and c not in _CSV_ALIASES]
        if unknown:
            raise UserError(f"{name}: unknown column '{shown(unknown[0])}' (known: {', '.join(CSV_COLUMNS)})")
        columns = [_CSV_ALIASES.get(c, "") for c in header]
        if "answer" not in columns:
            raise UserError(f"{name}: the header has no 'answer' column")
        rows = rows[1:]
        starts = starts[1:]
    _check_count(len(rows), name, max_items)
    pack = Pack([], "csv", name=name)
    for number, (row, line) in enumerate(zip(rows, starts), start=1):
        if len(row) > len(columns):
            pack.problems.append(PackProblem(line, f"row {number}", f"{len(row)} columns; expected at most {len(columns)} "
                                                                    f"({', '.join(c for c in columns if c)})"))
            continue
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
        item, errors = check_item(raw)
        if item is None:
            _item_problems(pack, raw, f"row {number}", raw["id"], line, {}, errors)
            continue
        pack.items.append(item)
        pack.labels.append(f"row {number}")
        pack.lines.append(line)
        pack.field_lines.append({})
    return pack


def _open_quote_line(text: str) -> int:
    """The line where the last quoted CSV field opens without closing."""
    line, inside, opened = 1, False, 1
    at_field_start = True
    for index, ch in enumerate(text):
        if ch == '"':
            if not inside and at_field_start:
                inside, opened = True, line
            elif inside and text[index + 1:index + 2] == '"':
                continue
            elif inside:
                inside = False
        if ch == "\n":
            line += 1
        at_field_start = ch in ",\n" and not inside
    return opened


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


def builtin_records(path: str | Path, *, max_items: int = 5_000, max_bytes: int = 5_000_000) -> list[dict[str, Any]]:
    """The built-in pack as store records, for `Store.sync_builtin_items` at start-up."""
    pack = read_pack_file(path, origin="builtin", max_items=max_items, max_bytes=max_bytes)
    missing = [i.id for i in pack.items if not i.essay]
    if missing:
        raise UserError(f"built-in item {missing[0]} names no essay")
    return [i.to_record() for i in pack.items]


def check_citations(pack: Pack, items: list[QuizItem], essays: Iterable[Any],
                    problems: list[PackProblem] | None = None) -> None:
    """Every item names an essay the server has, a paragraph that essay has, and an answer that
    paragraph holds: a citation players cannot follow, or one that sends them to the wrong
    passage, is refused at import, not discovered in a quiz. Problems go to `problems`, or are
    raised together (`PackErrors`)."""
    found: list[PackProblem] = []
    by_slug = {e.slug: e for e in essays}
    for index, item in enumerate(items):
        where = index if index < len(pack.items) else None

        def problem(field_name: str, message: str, where: int | None = where, index: int = index,
                    item: QuizItem = item) -> PackProblem:
            if where is not None:
                return pack.problem(where, field_name, message)
            return PackProblem(None, f"item {index + 1} (id '{item.id}')", f"field '{field_name}': {message}")

        essay = by_slug.get(item.essay)
        if essay is None:
            known = ", ".join(sorted(by_slug)[:8]) or "none"
            found.append(problem("essay", f"no essay '{shown(item.essay, 80)}' here (known: {known})"))
            continue
        if item.paragraph is None:
            continue
        paragraph = essay.paragraph(item.paragraph)
        if paragraph is None:
            found.append(problem("paragraph", f"paragraph {item.paragraph} is out of range; '{essay.slug}' has "
                                              f"{len(essay.paragraphs)} paragraphs"))
            continue
        missing = answer_not_in_paragraph(item, essay)
        if missing:
            found.append(problem("paragraph", missing))
    if problems is not None:
        problems.extend(found)
    elif found:
        raise PackErrors(pack.name, found)


class _Words:
    """A paragraph's words, their stems and roots, for finding an answer in it."""

    def __init__(self, text: str):
        self.words = set(canonical(text).split())
        self.stems = {lexicon.stem(w) for w in self.words}
        self.roots = {root(w) for w in self.words}

    def has_any(self, answers: Iterable[str]) -> bool:
        return any(self.has(a) for a in answers)

    def has(self, answer: str) -> bool:
        words = [w for w in analyse(answer).content]
        if not words:
            return True
        return all(w in self.words or lexicon.stem(w) in self.stems or root(w) in self.roots for w in words)


def answer_not_in_paragraph(item: QuizItem, essay: Any) -> str | None:
    """Why a cloze or short answer's key is not in its cited paragraph (None when it is): every
    content word of the answer or of one accepted variant, in any of its forms, must be there.
    The message names the paragraphs where it does occur, if any. Choices and true/false
    statements paraphrase the text, so they are not checked."""
    if item.kind not in ("cloze", "short_answer") or item.paragraph is None:
        return None
    paragraph = essay.paragraph(item.paragraph)
    if paragraph is None or _Words(paragraph.text).has_any(item.answers):
        return None
    elsewhere = [p.number for p in essay.paragraphs if p.number != item.paragraph and _Words(p.text).has_any(item.answers)]
    answer = shown(item.answer, 60)
    where = (f"it is in paragraph {elsewhere[0]}" if len(elsewhere) == 1
             else f"it is in paragraphs {', '.join(map(str, elsewhere[:6]))}" if elsewhere
             else "it is in no paragraph of that essay")
    return f"the answer '{answer}' is not in paragraph {item.paragraph} of '{essay.slug}'; {where}"


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
