""""Which author argues …?" items, where a server reads several essays.

Telling the essays' positions apart is what a comparison question tests. A sentence qualifies
when it states the author's own position (a thesis, claim or conclusion in the argument map),
reads on its own (no "this"/"they" leaning on the sentence before), names neither author, and
**only its own author could have written it**: no sentence of another essay says nearly the same
(`OTHER_MAX_COSINE`), and it is closer to its own essay than to any other (`MIN_MARGIN`, the
essays' mean sentence vectors). The choices are the authors of the essays in scope.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import numpy as np

from bot.quiz.generation import difficulty
from bot.quiz.generation.base import Generated, item_id
from bot.quiz.generation.context import EssayFacts
from bot.quiz.items import QuizItem

if TYPE_CHECKING:
    from bot.quiz.generation.generator import ItemGenerator

log = logging.getLogger(__name__)

OTHER_MAX_COSINE = 0.55
MIN_MARGIN = 0.04
MIN_WORDS, MAX_WORDS = 10, 40
PER_ESSAY = 8
_LEAD = re.compile(r"^(?:(?:but|and|so|yet|thus|still|indeed|moreover|furthermore|instead|in short|in the end|"
                   r"ultimately|needless to say|of course|however|unfortunately|above all|though|relatedly|critically|"
                   r"for starters|at first glance),?\s+)+", re.I)
_POINTING = re.compile(r"^(?:\S+\s+){0,7}?(?:this|these|those|such)\b", re.I)
_DANGLING = re.compile(r"^(?:it|its|they|their|them|this|these|those|that|such|he|she|his|her|both|which|all of this|"
                       r"none of this|there|here|the (?:first|second|last|latter|former))\b", re.I)


def items(gen: "ItemGenerator", facts: EssayFacts) -> list[Generated]:
    others = [f for f in gen.facts.values() if f.slug != facts.slug and f.author.lower() != facts.author.lower()]
    if not others or not len(facts.vectors):
        return []
    names = {w.lower() for f in gen.facts.values() for w in re.findall(r"[A-Za-z]{3,}", f.author)}
    names |= {p.split()[-1].lower() for p in facts.persons()}  # reporting someone else's view
    other_vectors = np.concatenate([f.vectors for f in others if len(f.vectors)]) if any(
        len(f.vectors) for f in others) else np.zeros((0, facts.vectors.shape[1]), np.float32)
    scored = []
    for index, s in enumerate(facts.sentences):
        if s.role not in ("thesis", "claim", "conclusion"):
            continue
        text = facts.sentence_text(s)
        statement = _LEAD.sub("", text).strip()
        if not statement or _DANGLING.match(statement) or _POINTING.match(statement) or text.endswith("?") \
                or "(" in statement:
            continue
        if not MIN_WORDS <= len(statement.split()) <= MAX_WORDS:
            continue
        if {w.lower() for w in re.findall(r"[A-Za-z]{3,}", statement)} & names:
            continue
        v = facts.vectors[index]
        nearest_other = float((other_vectors @ v).max()) if len(other_vectors) else 0.0
        own = float(facts.centroid @ v)
        other = max(float(f.centroid @ v) for f in others)
        if nearest_other >= OTHER_MAX_COSINE or own - other < MIN_MARGIN:
            continue
        scored.append((own - other, index, s, statement, other))
    scored.sort(key=lambda x: -x[0])
    out: list[Generated] = []
    paragraphs_used: set[int] = set()
    authors = [facts.author] + sorted({f.author for f in others})
    for margin, _index, s, statement, _other in scored:
        if len(out) >= PER_ESSAY:
            break
        if s.paragraph in paragraphs_used:
            continue
        paragraphs_used.add(s.paragraph)
        statement = statement[0].upper() + statement[1:]
        prompt = gen.texts("author_argues", statement=statement.replace("“", "‘").replace("”", "’"))
        choices = authors[:5] if facts.author in authors[:5] else [facts.author] + authors[1:4]
        choices = sorted(choices, key=lambda c: item_id("", "", c, ""))
        text = facts.sentence_text(s)
        item = QuizItem(id=item_id(facts.slug, "a", prompt, facts.author), kind="multiple_choice", essay=facts.slug,
                        paragraph=s.paragraph, prompt=prompt, answer=facts.author, choices=choices,
                        explanation=gen.texts("explanation", paragraph=s.paragraph, passage=text),
                        tags=["generated", "author"], author="generator", origin="generated")
        # Closer to another essay's centre is harder to place; the margin is the signal.
        closeness = max(0.0, min(1.0, 1.0 - margin * 5))
        out.append(Generated(item, "author", difficulty.signal(paragraphs=4, prompt=prompt, passage=text,
                                                                closeness=closeness), text,
                             (facts.slug, s.paragraph, s.index)))
    log.info("%d author items for %s", len(out), facts.slug)
    return out
