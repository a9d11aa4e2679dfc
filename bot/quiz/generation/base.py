"""What a generator produces: an item with what a teacher needs to judge it.

A `QuizItem` is the schema of record (the store, packs and quizzes read only that); a
`Generated` adds what the review output and the sampler need and the item cannot hold: which
kind of question it is, the measured difficulty signal behind its easy/medium/hard label, and
the passage it cites, so a teacher can judge an item without opening the essay.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from bot.quiz.items import QuizItem

# Item kinds, in the order a review lists them.
KINDS = ("cloze", "choice", "who", "list", "cause", "claim", "evidence", "term", "author")
# A clause announced by its position: "The first is legitimacy.", "The second reason is that …",
# "Another is …". The wrapper is no answer (a blind teacher marked 'The second reason is' bad) and
# no claim ("Rourke writes that the second is that …").
ORDINAL_WRAPPER = re.compile(r"^\s*(?:(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|last|final|next|another|"
                             r"one)(?:\s+[a-z-]+)?\s+(?:is|was|are|were)\s+(?:that\s+|simply\s+|about\s+)?|"
                             r"(?:first|second|third|fourth|fifth|finally|lastly|last)\s*[,:]\s+|\d{1,2}[.)]\s+)", re.I)


@dataclass(frozen=True)
class Generated:
    item: QuizItem
    kind: str            # one of KINDS
    signal: float        # 0 (easy) .. 1 (hard): see bot.quiz.generation.difficulty
    passage: str         # the cited sentence(s), as the essay writes them
    source: tuple[str, int, int]   # (essay slug, paragraph, sentence index): one fact per source in a quiz

    def to_json(self) -> dict:
        return self.item.to_record() | {"generator_kind": self.kind, "difficulty_signal": round(self.signal, 3),
                                        "passage": self.passage}


@dataclass
class GenerationReport:
    items: list[QuizItem]
    per_essay: dict[str, dict[str, int]]   # slug -> {"cloze", "multiple_choice", ..., "total"}
    generated: list[Generated] = field(default_factory=list)
    pool: int = 0                          # items made before a sample was drawn
    # kinds teachers keep least, left out of the sample (kind -> items in the pool); empty with `fill`
    left_out: dict[str, int] = field(default_factory=dict)


def item_id(slug: str, kind: str, prompt: str, answer: str) -> str:
    """Stable ids: the same essay text gives the same ids, so saving twice replaces."""
    digest = hashlib.sha1(f"{prompt}\0{answer}".encode()).hexdigest()[:10]
    prefix = re.sub(r"[^a-z0-9]+", "-", slug.lower())[:24].strip("-") or "essay"
    return f"gen-{prefix}-{kind}{digest}"


def generated_status(require_approval: bool) -> str:
    """Generated items wait for a moderator's approval when the server's settings say so."""
    return "pending" if require_approval else "active"
