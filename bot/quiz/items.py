"""Quiz items: the one schema every source (built-in pack, moderator packs, generator) must pass.

The store keeps items as plain dicts (`QuizItem.model_dump(mode="json")`), so this model is the
schema of record. Validation errors are turned into one line that names the item (position and
id) and the field, because a moderator fixing a 200-item pack needs to know where to look.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.errors import UserError
from bot.text import normalize_for_match

Kind = Literal["multiple_choice", "true_false", "short_answer", "cloze"]
Origin = Literal["builtin", "generated", "moderator"]
Difficulty = Literal["easy", "medium", "hard"]

KINDS: tuple[str, ...] = ("multiple_choice", "true_false", "short_answer", "cloze")
# Aliases a moderator may write for a kind (normalised: lower case, no spaces or dashes).
KIND_ALIASES = {
    "mc": "multiple_choice", "multiplechoice": "multiple_choice", "choice": "multiple_choice",
    "tf": "true_false", "truefalse": "true_false", "bool": "true_false",
    "short": "short_answer", "shortanswer": "short_answer", "text": "short_answer",
    "cloze": "cloze", "blank": "cloze", "fillin": "cloze", "fillintheblank": "cloze",
}
TRUE_WORDS = {"true", "t", "yes", "y", "correct", "right", "1", "on"}
FALSE_WORDS = {"false", "f", "no", "n", "incorrect", "wrong", "0", "off"}

ITEM_STATUSES = ("active", "disabled", "pending")

BLANK = "_____"
_BLANK_RE = re.compile(r"_{3,}")
# The one item-id pattern: packs, the store and Discord's button ids all use it. Lower case,
# so an id typed in a command matches; no ":" because Discord custom ids use it as a separator.
ITEM_ID_PATTERN = r"[a-z0-9][a-z0-9._-]{0,63}"
ID_RE = rf"^{ITEM_ID_PATTERN}$"
ITEM_ID = re.compile(ID_RE)
ITEM_ID_RULE = "1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"

# Bounds on moderator-supplied text, so one pack cannot bloat the database or a Discord message.
MAX_PROMPT = 600
MAX_ANSWER = 200
MAX_CHOICE = 200
MAX_EXPLANATION = 1000
MAX_REFERENCE = 600
MAX_ACCEPTED = 20
MAX_TAGS = 10


class QuizItem(BaseModel):
    """One question. `answer` is text for every kind (for multiple choice: the correct choice)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=64)
    kind: Kind
    prompt: str = Field(min_length=3, max_length=MAX_PROMPT)
    answer: str = Field(min_length=1, max_length=MAX_ANSWER)
    choices: list[str] = Field(default_factory=list, max_length=5)
    accepted: list[str] = Field(default_factory=list, max_length=MAX_ACCEPTED)
    reference: str | None = Field(default=None, max_length=MAX_REFERENCE)  # keyword: mypy takes Field(None) as required
    essay: str = Field("", max_length=80)  # slug; "" when the item is not tied to an essay
    paragraph: int | None = Field(default=None, ge=1, le=10_000)
    explanation: str = Field("", max_length=MAX_EXPLANATION)
    difficulty: Difficulty = "medium"
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS)
    author: str = Field("", max_length=100)
    origin: Origin = "moderator"

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ITEM_ID.match(value):
            raise ValueError(f"must be {ITEM_ID_RULE}")
        return value

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_alias(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = re.sub(r"[\s_-]+", "", value.lower())
            return KIND_ALIASES.get(key, value.strip().lower())
        return value

    @field_validator("difficulty", mode="before")
    @classmethod
    def _difficulty_lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("choices", "accepted")
    @classmethod
    def _each_text(cls, values: list[str]) -> list[str]:
        out = []
        for value in values:
            value = value.strip()
            if not value:
                raise ValueError("entries must not be empty")
            if len(value) > MAX_CHOICE:
                raise ValueError(f"entries must be at most {MAX_CHOICE} characters")
            out.append(value)
        return out

    @field_validator("tags")
    @classmethod
    def _tags(cls, values: list[str]) -> list[str]:
        out = []
        for value in values:
            value = value.strip().lower()
            if not value or len(value) > 40:
                raise ValueError("tags must be 1 to 40 characters")
            out.append(value)
        return out

    @model_validator(mode="after")
    def _by_kind(self) -> "QuizItem":
        norm = normalize_for_match
        if self.kind == "multiple_choice":
            if not 2 <= len(self.choices) <= 5:
                raise ValueError("choices: multiple choice needs 2 to 5 choices")
            keys = [norm(c) for c in self.choices]
            if len(set(keys)) != len(keys):
                raise ValueError("choices: two choices are the same")
            if norm(self.answer) not in keys:
                raise ValueError("answer: must be one of the choices")
        elif self.choices:
            raise ValueError(f"choices: only multiple choice items have choices, not {self.kind}")
        if self.kind == "true_false":
            word = self.answer.strip().lower()
            if word in TRUE_WORDS:
                self.answer = "true"
            elif word in FALSE_WORDS:
                self.answer = "false"
            else:
                raise ValueError("answer: a true/false item's answer must be true or false")
        if self.kind == "cloze" and not _BLANK_RE.search(self.prompt):
            raise ValueError("prompt: a cloze prompt needs a blank written as ___ (three or more underscores)")
        if self.kind in ("multiple_choice", "true_false") and self.accepted:
            raise ValueError(f"accepted: {self.kind} items take no alternative answers")
        if self.reference and self.kind != "short_answer":
            raise ValueError("reference: only short answer items take a reference sentence")
        if self.paragraph is not None and not self.essay:
            raise ValueError("essay: an item that names a paragraph must name its essay")
        self.prompt = _BLANK_RE.sub(BLANK, self.prompt) if self.kind == "cloze" else self.prompt
        return self

    @property
    def answers(self) -> list[str]:
        """Every accepted text answer, the main one first."""
        return [self.answer, *self.accepted]

    def to_record(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def shown(value: Any, limit: int = 60) -> str:
    """A person's text quoted in a one-line message: cut to `limit`, control characters and line
    breaks written as escapes, so an error about a value can never span two lines."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def derived_id(prefix: str, *parts: str) -> str:
    """A stable id for items whose source has none (Red trivia, CSV): same text, same id."""
    digest = hashlib.sha1("\0".join(normalize_for_match(p) for p in parts).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def describe_error(exc: ValidationError, *, index: int | None = None, item_id: str | None = None,
                   label: str = "item") -> str:
    """One line naming where the problem is: `item 3 (id 'x'): field 'choices': ...`."""
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    msg = first["msg"]
    field = ".".join(loc)
    if not field and ": " in msg:  # model-level check: the message starts with the field
        head, _, rest = msg.removeprefix("Value error, ").partition(": ")
        if head.isidentifier():
            field, msg = head, rest
    msg = msg.removeprefix("Value error, ")
    where = label if index is None else f"{label} {index}"
    if item_id:
        where += f" (id '{shown(item_id)}')"
    return f"{where}: field '{field or '?'}': {msg}"


def field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """Every problem of one item as (field, message), in the schema's order."""
    out = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        msg = error["msg"]
        field = ".".join(loc)
        if not field and ": " in msg:  # model-level check: the message starts with the field
            head, _, rest = msg.removeprefix("Value error, ").partition(": ")
            if head.isidentifier():
                field, msg = head, rest
        out.append((field or "?", msg.removeprefix("Value error, ")))
    return out


def check_item(data: Any) -> tuple[QuizItem | None, list[tuple[str, str]]]:
    """The item, or every (field, message) problem it has (an import reports them all at once)."""
    if not isinstance(data, dict):
        return None, [("", f"must be a mapping of fields, not {type(data).__name__}")]
    try:
        return QuizItem.model_validate(data), []
    except ValidationError as exc:
        return None, field_errors(exc)


def parse_item(data: Any, *, index: int | None = None, label: str = "item") -> QuizItem:
    if not isinstance(data, dict):
        where = label if index is None else f"{label} {index}"
        raise UserError(f"{where}: must be a mapping of fields, not {type(data).__name__}")
    try:
        return QuizItem.model_validate(data)
    except ValidationError as exc:
        item_id = data.get("id") if isinstance(data.get("id"), str) else None
        raise UserError(describe_error(exc, index=index, item_id=item_id, label=label)) from None


# Keys the store adds to an item record that are not part of the item itself.
_STORE_KEYS = {"guild_id", "status", "created_at", "updated_at", "created_by", "updated_by", "item_id", "rowid"}


def from_record(record: dict[str, Any]) -> QuizItem:
    """Rebuild an item from a store row, ignoring the bookkeeping columns the store adds."""
    data = {k: v for k, v in record.items() if k not in _STORE_KEYS or k == "id"}
    if "id" not in data and "item_id" in record:
        data["id"] = record["item_id"]
    return QuizItem.model_validate(data)


def check_unique_ids(items: Iterable[QuizItem], *, name: str = "", labels: list[str] | None = None) -> None:
    seen: dict[str, int] = {}
    prefix = f"{name}: " if name else ""
    for number, item in enumerate(items, start=1):
        label = labels[number - 1] if labels and number <= len(labels) else f"item {number}"
        if item.id in seen:
            first = labels[seen[item.id] - 1] if labels and seen[item.id] <= len(labels) else f"item {seen[item.id]}"
            raise UserError(f"{prefix}{label} (id '{item.id}'): field 'id': the same id is used by {first}")
        seen[item.id] = number
