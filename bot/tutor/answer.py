"""What an answer is, inside the tutor and to the adapters.

`TutorAnswer` is what `Tutor.ask` returns to `/ask`, `tutorbot ask` and the chat; `Reply` is
what one handler produced before the pipeline adds the lead line, records it and remembers the
turn. They live apart from the pipeline so every handler module can build a `Reply` without
importing the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bot.index.retrieval import Hit
from bot.tutor.compose import Quote


@dataclass(frozen=True)
class Citation:
    essay: str
    title: str
    author: str
    paragraph: int
    quote: str

    def to_json(self) -> dict:
        return {"essay": self.essay, "title": self.title, "author": self.author,
                "paragraph": self.paragraph, "quote": self.quote}


@dataclass(frozen=True)
class Named:
    """A named thing of the question (a person, place, work, year, quoted phrase) and whether the
    essays in the answer's scope mention it."""

    text: str
    kind: str
    mentioned: bool

    def to_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, "mentioned": self.mentioned}


@dataclass(frozen=True)
class Option:
    """One choice of a clarifying question: the label shown and the question it stands for."""

    label: str
    question: str

    def to_json(self) -> dict:
        return {"label": self.label, "question": self.question}


@dataclass(frozen=True)
class TutorAnswer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    answer_id: int | None
    latency_ms: float
    best_cosine: float  # the evidence the abstention decision used ...
    coverage: float  # ... with this share of the question's words found in a top paragraph
    followup: str = "fresh"
    query: str = ""  # the standalone question retrieval used (differs for follow-ups)
    generated: bool = False
    hits: list[Hit] = field(default_factory=list, repr=False)
    kind: str = "answer"
    searched_for: str | None = None  # the question with its typos corrected, when any were
    lead: str = ""  # the answer's first line when it says something about the quotes ("Yes: …")
    named: list[Named] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)  # a clarifying question's choices
    request: str = "answer"  # how the question asked to be answered (the frame's request)

    def to_json(self) -> dict:
        out = {
            "question": self.question, "answer": self.answer, "abstained": self.abstained, "kind": self.kind,
            "citations": [c.to_json() for c in self.citations], "answer_id": self.answer_id,
            "followup": self.followup, "generated": self.generated,
            "best_cosine": round(float(self.best_cosine), 4), "coverage": round(float(self.coverage), 4),
            "latency_ms": round(float(self.latency_ms), 1), "lead": self.lead,
            "named": [n.to_json() for n in self.named], "request": self.request,
        }
        if self.searched_for:
            out["searched_for"] = self.searched_for
        if self.options:
            out["options"] = [o.to_json() for o in self.options]
        return out


@dataclass
class Reply:
    """What one handler produced, before it is given its lead, recorded and remembered."""

    text: str
    kind: str
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] | None = None  # None: one per quote
    abstained: bool = False
    hits: list[Hit] = field(default_factory=list)
    best: float = 0.0
    coverage: float = 0.0
    query: str = ""
    qvec: np.ndarray | None = None
    essays: tuple[str, ...] | None = None
    topic: str = ""
    slot: str = ""
    remember: bool = True
    lead: str = ""  # a first line saying what the quotes show (set by the handler or the lead step)
    options: list[Option] = field(default_factory=list)
    items: tuple[tuple[str, int, int], ...] = ()  # sentences a list answer numbered, for "the second one"
    item_texts: tuple[str, ...] = ()  # what each numbered item says (a span of its sentence, or all of it)
    contrast: tuple[str, ...] = ()  # groups the answer set side by side, for "the other side"

    def cited(self) -> list[Citation]:
        if self.citations is not None:
            return self.citations
        return [Citation(q.essay, q.title, q.author, q.paragraph, q.text) for q in self.quotes]
