"""The definitions an essay gives (`bot.corpus.definitions`, shared with the tutor), as the
generator reads them: the term items ask for them (`definitions.py`) and a blank may be typed only
on a defined term (`cloze.py`); kept apart so neither module imports the other."""

from __future__ import annotations

from bot.corpus.definitions import PATTERNS, definitions_in, term_of
from bot.quiz.generation.context import EssayFacts
from bot.quiz.normalize import canonical

__all__ = ["PATTERNS", "defined_terms", "term_of"]


def defined_terms(facts: EssayFacts) -> set[str]:
    """Every term the essay defines (canonical, with its head word): none of them is a wrong
    choice for another definition, since the essay's definitions of its terms overlap ("American
    primacy" and "political exceptionalism" both describe the U.S. standing above the rules)."""
    out = set()
    for s in facts.sentences:
        for _, term, _ in definitions_in(facts.sentence_text(s)):
            out |= {canonical(term), canonical(term.split()[-1])} if term else set()
    return out
