"""What a parsed pack is and how its problems are reported: `Pack`, `PlayRules` (a Red list's
CONFIG), `PackProblem` and `PackErrors` (every problem at once, each with its line), and the
checks every format shares (size, text fields, one item's field problems, repeated ids or
questions). Imports nothing of the package."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.errors import UserError
from bot.quiz.items import QuizItem, shown
from bot.quiz.normalize import canonical

PackFormat = Literal["yaml", "red", "csv"]
DEFAULT_MAX_ITEMS = 500
DEFAULT_MAX_BYTES = 1_000_000


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

    def add(self, item: QuizItem, label: str, line: int | None, field_lines: dict[str, int] | None = None) -> None:
        """One read item, with where it was: `items`, `labels`, `lines` and `field_lines` stay in step."""
        self.items.append(item)
        self.labels.append(label)
        self.lines.append(line)
        self.field_lines.append(field_lines or {})

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
    lines: dict[str, int] = {}
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
