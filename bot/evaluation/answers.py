"""Scoring the tutor's answers on a student-style question set (`tests/data/student_qa.yaml`).

Retrieval metrics (`bot.evaluation.retrieval`) say whether a passage came back; a learner sees the answer.
This scores the answer as a learner would judge it: did it take the question the way it was
meant (the JSON `kind`), quote the passage that answers it, keep to the author the question
named, and refuse only what the essays really do not cover? The format and pass rules are in the
question set's header; conversations are scored turn by turn and pass only when every turn does.

Two counts are reported on their own because they mislead a learner most: an answer that quotes
one author for a question about another, and a "not covered" on a question the essays answer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import UserError
from bot.evaluation.retrieval import read_question_set
from bot.text import normalize_for_match

Kind = Literal["answer", "summary", "comparison", "definition", "paragraph", "not_covered",
               "not_in_named_essay", "language", "author", "list", "reference", "clarify", "not_mentioned",
               "study"]
KINDS: tuple[str, ...] = get_args(Kind)
REFUSALS = {"not_covered", "language"}
CITED_ANSWERS = {"answer", "definition", "list"}  # each is a cited answer; the quote decides


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Offer(_Model):
    essay: str
    expect: list[str] = Field(default_factory=list)


class Turn(_Model):
    q: str
    kind: Kind | None = None
    essay: str | None = None
    paragraphs: list[int] = Field(default_factory=list)
    expect: list[str] = Field(default_factory=list)
    names: str | None = None
    essays: dict[str, list[str]] = Field(default_factory=dict)
    silent: list[str] = Field(default_factory=list)
    offer: Offer | None = None
    mentions: list[str] = Field(default_factory=list)
    error: bool = False
    any_shape: bool = False  # a question of the retrieval sets: any cited answer shape will do

    @model_validator(mode="after")
    def _consistent(self) -> "Turn":
        if self.error == (self.kind is not None):
            raise ValueError("give either `kind` or `error: true`")
        if self.kind == "comparison" and not (self.essays or self.silent):
            raise ValueError("a comparison needs `essays` or `silent`")
        if self.kind in ("summary", "paragraph") and not self.essay:
            raise ValueError(f"a {self.kind} needs `essay`")
        if self.kind == "paragraph" and len(self.paragraphs) != 1:
            raise ValueError("a paragraph request needs exactly one entry in `paragraphs`")
        if self.kind == "not_in_named_essay" and not self.names:
            raise ValueError("not_in_named_essay needs `names`")
        return self


class Entry(_Model):
    id: str
    category: str
    turns: list[Turn]

    @property
    def is_conversation(self) -> bool:
        return len(self.turns) > 1 or self.category == "conversation"


def load_student_set(path: Path) -> list[Entry]:
    data = read_question_set(path)
    entries, seen = [], set()
    for n, row in enumerate(data, 1):
        if not isinstance(row, dict):
            raise UserError(f"question set {path}: entry {n} must be a mapping")
        row = dict(row)
        if "kind" not in row and "turns" not in row and "error" not in row:
            row = _from_retrieval_format(row)
        ident, category = str(row.pop("id", n)), str(row.pop("category", "plain"))
        if ident in seen:
            raise UserError(f"question set {path}: id {ident} is used twice")
        seen.add(ident)
        try:
            turns = [Turn(**t) for t in row.pop("turns")] if "turns" in row else [Turn(**row)]
        except (ValidationError, TypeError) as exc:
            first = str(exc).splitlines()
            raise UserError(f"question set {path}: entry {ident}: {' '.join(first[:3])[:300]}") from None
        entries.append(Entry(id=ident, category=category, turns=turns))
    return entries


def _from_retrieval_format(row: dict) -> dict:
    """A question of the retrieval sets (`q`, `expect`, `unanswerable`), as an answer check:
    answerable ones must quote an `expect` phrase (from any essay), the others be refused."""
    out = {"id": row.get("id"), "q": row.get("q")}
    if row.get("unanswerable"):
        return {**out, "category": "offtopic", "kind": "not_covered"}
    return {**out, "category": "plain", "kind": "answer", "expect": row.get("expect") or [], "any_shape": True}


def _has(text: str, phrases: list[str]) -> bool:
    norm = normalize_for_match(text)
    return any(normalize_for_match(p) in norm for p in phrases)


@dataclass
class TurnResult:
    passed: bool
    reasons: list[str] = field(default_factory=list)
    wrong_author: bool = False
    false_refusal: bool = False


def score_turn(turn: Turn, out: dict, surnames: dict[str, str]) -> TurnResult:
    """Judge one answer (the `tutorbot ask --json` object) against one expected turn."""
    reasons: list[str] = []
    if turn.error:
        return TurnResult("error" in out, [] if "error" in out else [f"answered as {out.get('kind')}"])
    if "error" in out:
        return TurnResult(False, [f"error: {out['error']}"])
    kind, cites, text = out.get("kind"), out.get("citations", []), out.get("answer", "")
    expected = turn.kind
    kind_ok = kind == expected or (expected in CITED_ANSWERS and kind in CITED_ANSWERS) or (
        turn.any_shape and kind not in REFUSALS | {"not_in_named_essay"})
    if not kind_ok:
        reasons.append(f"kind {kind}, expected {expected}")
    in_essay = [c for c in cites if c["essay"] == turn.essay] if turn.essay else cites

    if expected in REFUSALS:
        if not out.get("abstained") or cites:
            reasons.append("not refused" if not out.get("abstained") else "refusal quotes passages")
    elif expected == "summary":
        if len(in_essay) < 3 or len(in_essay) != len(cites):
            reasons.append(f"summary cites {len(in_essay)} of {len(cites)} from {turn.essay}")
    elif expected == "paragraph":
        if not any(c["paragraph"] == turn.paragraphs[0] for c in in_essay):
            reasons.append(f"did not show ¶{turn.paragraphs[0]} of {turn.essay}")
    elif expected == "comparison":
        for slug, phrases in turn.essays.items():
            mine = [c for c in cites if c["essay"] == slug]
            if not mine or (phrases and not any(_has(c["quote"], phrases) for c in mine)):
                reasons.append(f"comparison lacks a quote from {slug}" + (f" with {phrases}" if phrases else ""))
        for slug in turn.silent:
            if any(c["essay"] == slug for c in cites):
                reasons.append(f"quotes {slug}, which should be silent")
            elif surnames.get(slug, slug).lower() not in text.lower():
                reasons.append(f"does not say {slug} is silent")
    elif expected == "not_in_named_essay":
        if any(c["essay"] == turn.names for c in cites):
            reasons.append("quotes the named essay as if it covered this")
        if surnames.get(turn.names or "", "").lower() not in text.lower():
            reasons.append("does not name the author who is silent")
        if turn.offer:
            offered = [c for c in cites if c["essay"] == turn.offer.essay]
            if not offered or (turn.offer.expect and not any(_has(c["quote"], turn.offer.expect) for c in offered)):
                reasons.append(f"no offer from {turn.offer.essay}")
    else:  # a cited answer or the author's bio
        if turn.essay:
            wanted = [c for c in in_essay if not turn.paragraphs or c["paragraph"] in turn.paragraphs]
            if not wanted:
                reasons.append(f"no quote from {turn.essay} ¶{turn.paragraphs or 'any'}")
            elif turn.expect and not any(_has(c["quote"], turn.expect) for c in wanted):
                reasons.append(f"quote lacks {turn.expect}")
    for phrase in turn.mentions:
        if not _has(text, [phrase]):
            reasons.append(f"answer does not mention {phrase!r}")

    wrong_author = bool(turn.names) and expected not in ("comparison", "not_in_named_essay") and kind not in (
        "comparison", "not_in_named_essay") and any(c["essay"] != turn.names for c in cites)
    if wrong_author:
        reasons.append("quotes another author for a question about " + surnames.get(turn.names or "", ""))
    false_refusal = expected not in REFUSALS | {"not_in_named_essay"} and kind in ("not_covered", "not_in_named_essay")
    return TurnResult(not reasons, reasons, wrong_author, false_refusal)


@dataclass
class AnswerScores:
    entries: int = 0
    passed: int = 0
    by_category: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    kind_confusion: Counter = field(default_factory=Counter)
    wrong_author: list[str] = field(default_factory=list)
    false_refusals: list[str] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entry: Entry, results: list[TurnResult], kinds: list[str | None]) -> None:
        ok = all(r.passed for r in results)
        self.entries += 1
        self.passed += ok
        cell = self.by_category[entry.category]
        cell[0] += ok
        cell[1] += 1
        for turn, kind in zip(entry.turns, kinds):
            if turn.kind is not None and kind != turn.kind:
                self.kind_confusion[(turn.kind, kind)] += 1
        if any(r.wrong_author for r in results):
            self.wrong_author.append(entry.id)
        if any(r.false_refusal for r in results):
            self.false_refusals.append(entry.id)
        if not ok:
            self.failures[entry.id] = [f"turn {i + 1}: {'; '.join(r.reasons)}" if entry.is_conversation else
                                       "; ".join(r.reasons) for i, r in enumerate(results) if not r.passed]

    def to_json(self) -> dict:
        return {
            "entries": self.entries, "passed": self.passed,
            "pass_rate": round(self.passed / self.entries, 4) if self.entries else 0.0,
            "by_category": {c: {"passed": p, "total": t, "rate": round(p / t, 4)} for c, (p, t) in
                            sorted(self.by_category.items())},
            "wrong_author": self.wrong_author, "false_not_covered": self.false_refusals,
            "kind_confusion": {f"{a}->{b}": n for (a, b), n in self.kind_confusion.most_common()},
            "failures": self.failures,
        }


async def run_answer_eval(tutor, entries: list[Entry], essays, *, guild_id: int = 0, progress=None) -> AnswerScores:
    """Ask every question (each entry its own conversation) and score the answers."""
    from bot.corpus.authors import display_surname

    surnames = {e.slug: display_surname(e) for e in essays}
    scores = AnswerScores()
    for n, entry in enumerate(entries, 1):
        results, kinds = [], []
        for turn in entry.turns:
            out = await ask_json(tutor, turn.q, guild_id=guild_id, channel_id=n)
            kinds.append(out.get("kind"))
            results.append(score_turn(turn, out, surnames))
        tutor.forget(guild_id, n, EVAL_USER)
        scores.add(entry, results, kinds)
        if progress:
            progress(n, len(entries))
    return scores


EVAL_USER = 1


async def ask_json(tutor, question: str, *, guild_id: int, channel_id: int, essay: str | None = None,
                   user_id: int = EVAL_USER, record: bool = False) -> dict:
    """The `tutorbot ask --json` object for one question, or `{"question", "error"}`."""
    try:
        answer = await tutor.ask(question, guild_id=guild_id, user_id=user_id, channel_id=channel_id, essay=essay,
                                 record=record)
    except UserError as exc:
        return {"question": question, "error": str(exc)}
    return answer.to_json()
