"""Saying "the essays do not cover this", and pointing at what they do cover.

The decision uses two kinds of evidence, because fused retrieval scores are ranks, not evidence,
and always name *some* passage:
- the best dense cosine between the question and any chunk in scope (kept by retrieval), and
- coverage: the share of the question's words (stemmed, stopwords out, weighted by rarity
  across the paragraphs of the asking server's scope, never another server's essays) that the
  best of the top paragraphs contains.
A question is answered when the cosine reaches `abstain_threshold`, or reaches the lower
`abstain_floor` with coverage of at least `abstain_min_coverage`. Why both: a short factual
question naming a rare term ("What word did George Shulman use...?", cosine 0.397) scores no
higher on cosine than a near-topic question the essays do not answer ("How did Brexit affect the
British economy?", 0.381), but only the first finds its distinctive words in a paragraph.

Calibration (`tests/tutor/calibrate.py`, all-MiniLM-L6-v2, 43 questions: the 14 answerable and 3
unanswerable of ../shared/dev_qa.yaml, 12 paraphrases in tests/data/paraphrase_qa.yaml, 20
off-topic questions in tests/data/offtopic_qa.yaml): answerable cosines 0.397-0.753, unanswerable
0.044-0.381. Cosine alone would need a cut inside 0.381-0.397. With the defaults (0.42, 0.30,
0.31) every answerable question is answered and every unanswerable refused; the closest calls are
d02 (cosine 0.467, 0.047 above 0.42), Brexit (0.381, coverage 0.15), inflation (0.335, coverage
0.28 with the current retrieval ranking) and d06 (0.397, coverage 0.34): the coverage cut is the
midpoint of 0.28 and 0.34, a thin margin on a small set.

A rare term (in at most `RARE_DF` paragraphs of the scope, and not everyday English) is strong
evidence on its own: the tutor answers a question that names one from the paragraphs that hold
it instead of refusing it on a low cosine.

The reply never quotes the nearest passages (that would pass an unrelated quote off as an
answer); it offers questions the essays do answer (`bot.tutor.suggest`).
"""

from __future__ import annotations

from typing import Sequence

from bot.index.retrieval import Hit
from bot.prompts import PromptSection
from bot.tutor.scopes import Scope, stems
from bot.tutor.suggest import suggestions
from bot.tutor.vocabulary import words

RARE_DF = 2  # a word in at most this many paragraphs of the scope is a rare term


def should_abstain(best_dense: float, coverage: float, *, threshold: float, floor: float, min_coverage: float) -> bool:
    if best_dense >= threshold:
        return False
    return best_dense < floor or coverage < min_coverage


def rare_terms(scope: Scope, text: str) -> set[str]:
    """Stemmed words of `text` that only a paragraph or two of the scope contain, and that are
    names there or not English at all ("Kosovo", "Bessner", "creedalism"; not "wheat", "won" or
    "electoral"). Finding one is strong evidence that those paragraphs are what the question is
    about."""
    out = set()
    for word in words(text):
        if len(word) < 3 or not scope.vocabulary.distinctive(word):
            continue
        for stem in stems(word):
            if 0 < scope.document_frequency(stem) <= RARE_DF:
                out.add(stem)
    return out


def render_abstention(t: PromptSection, scope: Scope, hits: Sequence[Hit], best_dense: float,
                      items: Sequence[dict] = (), *, lead: str | None = None) -> str:
    """The "not covered" reply: say so plainly, then questions the essays do answer."""
    lines = [lead or t("abstain", question="")]
    suggested = suggestions(t, scope, hits, best_dense, items)
    if suggested:
        lines.append(t("suggest_header") + "\n" + "\n".join(t("suggest_item", question=q) for q in suggested))
    if scope.essays:
        lines.append(t("abstain_essays", titles="; ".join(f"{e.title} ({e.author})" for e in scope.essays)))
    else:
        lines.append(t("abstain_no_essays"))
    return "\n\n".join(line for line in lines if line)
