"""Retrieval evaluation on a question set in the format of the development set.

A hit is a returned passage containing one of the question's `expect` phrases, compared case-,
quote- and whitespace-insensitively, exactly as the quality bar in the foundation issue defines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import UserError
from bot.text import normalize_for_match


@dataclass(frozen=True)
class QAItem:
    id: str
    q: str
    expect: tuple[str, ...]
    unanswerable: bool


def read_question_set(path: Path) -> list:
    """A question set file's entries (a YAML list), or one clear `UserError`."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"question set not found: {path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"question set {path} is not valid YAML: {exc.__class__.__name__}") from None
    if not isinstance(data, list):
        raise UserError(f"question set {path} must be a list of questions")
    return data


def load_qa(path: Path) -> list[QAItem]:
    data = read_question_set(path)
    items = []
    for n, row in enumerate(data, 1):
        if not isinstance(row, dict) or not isinstance(row.get("q"), str):
            raise UserError(f"question set {path}: entry {n} needs a text field 'q'")
        expect = row.get("expect") or []
        if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
            raise UserError(f"question set {path}: entry {n} 'expect' must be a list of phrases")
        unanswerable = bool(row.get("unanswerable", False))
        if not expect and not unanswerable:
            raise UserError(f"question set {path}: entry {n} needs 'expect' phrases or 'unanswerable: true'")
        items.append(QAItem(str(row.get("id", n)), row["q"], tuple(expect), unanswerable))
    return items


def first_hit_rank(texts: list[str], expect: tuple[str, ...]) -> int | None:
    wanted = [normalize_for_match(e) for e in expect]
    for rank, text in enumerate(texts):
        norm = normalize_for_match(text)
        if any(w in norm for w in wanted):
            return rank
    return None


@dataclass
class RetrievalScores:
    n: int
    hit1: float
    hit3: float
    hit5: float
    mrr10: float
    misses: list[str]

    def to_json(self) -> dict:
        return {"questions": self.n, "hit@1": round(self.hit1, 4), "hit@3": round(self.hit3, 4),
                "hit@5": round(self.hit5, 4), "mrr@10": round(self.mrr10, 4), "missed_at_1": self.misses}


def score_rankings(items: list[QAItem], rankings: list[list[str]]) -> RetrievalScores:
    n = len(items)
    h1 = h3 = h5 = mrr = 0.0
    misses = []
    for item, texts in zip(items, rankings):
        rank = first_hit_rank(texts[:10], item.expect)
        if rank is None:
            misses.append(item.id)
            continue
        mrr += 1.0 / (rank + 1)
        h1 += rank < 1
        h3 += rank < 3
        h5 += rank < 5
        if rank >= 1:
            misses.append(item.id)
    if n == 0:
        return RetrievalScores(0, 0, 0, 0, 0, [])
    return RetrievalScores(n, h1 / n, h3 / n, h5 / n, mrr / n, misses)
