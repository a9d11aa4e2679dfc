"""Whether the words a question shows lean on a sentence it does not show.

A cause or claim item quotes part of one sentence as its stem ("Penhaligon writes that the
objection fails, though. Why …?"). When that part points back, with a pronoun ("much of its
stubbornness", "the part of it used to store …") or with a definite "shell noun" that names an
earlier idea only by its kind ("the objection", "the proposal"), the student cannot tell what it is
about: a blind teacher round on five essays (round 17) marked every such item weak or bad (4 of the
17 cause items and 3 of the 15 claim items).

The checks that existed before looked only at a stem's first word; these look through the stem.
"""

from __future__ import annotations

import re

# "the second is not less communal than the first", "the latter …": an ordinal with no noun after it
# stands for something the sentences before named (a blind teacher, round 17: "no referents")
_ORDINAL_HEAD = re.compile(r"\bthe\s+(?:first|second|third|former|latter|last|other)\b(?!\s+(?!is\b|are\b|was\b|were\b|"
                           r"has\b|have\b|does\b|do\b|can\b|will\b|would\b|should\b|must\b|may\b|might\b|and\b|or\b|"
                           r"than\b)[a-z])", re.I)
_PRONOUN = re.compile(r"\b(?P<p>it|its|they|their|them|theirs)\b", re.I)
# "the part of it", "much of them": after a preposition a pronoun always stands for something said before
_AFTER_PREPOSITION = re.compile(r"\b(?:of|in|to|from|with|on|for|about|at|by|into|onto|without|against)\s+(?:it|them)\b",
                                re.I)
# a noun the stem itself gives: "the players in their own clothes" (plural), "the council … its" (after an article)
_PLURAL_NOUN = re.compile(r"\b[a-z]{3,}(?<!ss)(?<!us)(?<!is)(?<!was)(?<!has)(?<!its)s\b", re.I)
_SINGULAR_NOUN = re.compile(r"\b(?:the|a|an|this|that|each|every)\s+(?:[a-z-]+\s+){0,2}?[a-z]{3,}\b", re.I)
# "it is hard to …", "it was clear that …": an "it" that points at nothing before it
_EXPLETIVE = re.compile(r"\bit\s+(?:is|was|will\s+be|would\s+be|has\s+been|seems|seemed)\s+(?:\w+\s+){0,3}?(?:to|that)\b",
                        re.I)
_SHELL_NOUNS = (r"objection|argument|problem|point|claim|idea|case|question|issue|answer|reply|view|proposal|plan|"
                r"approach|mistake|distinction|trend|pattern|result|process|policy|scheme|step|shift|solution|"
                r"alternative|option|worry|concern|criticism|complaint|suggestion|practice|story|lesson|choice|"
                r"trade-off|tradeoff|dilemma|difference|danger|risk|cost|gap")
# "the objection fails": the noun alone, not "the objection that …", "the case for …", "the idea of …"
_SHELL = re.compile(rf"\b(?:the|this|that|these|those)\s+(?:{_SHELL_NOUNS})s?\b(?!\s+(?:of|that|for|against|to|about|"
                    rf"between|in|on|from|behind|with|over)\b)", re.I)


# "the strongest case against doing so", "set against that, …", "despite this": a verb or a
# preposition whose object is said before (round 25: weak in all three samples, "has no referent")
_POINTING_OBJECT = re.compile(r"\b(?:doing|do|did|does)\s+so\b|\b(?:against|despite|after|before|besides|beyond|given|"
                              r"like|unlike|than|without|for|from|with|to|of|by|on|in)\s+(?:that|this)(?=\s*(?:[,;:.]|$))",
                              re.I)


def leans_back(stem: str) -> bool:
    """Whether `stem` needs the sentence before it to be understood (see the module docstring)."""
    if _SHELL.search(stem) or _AFTER_PREPOSITION.search(stem) or _POINTING_OBJECT.search(stem) \
            or _ORDINAL_HEAD.search(stem):
        return True
    text = _EXPLETIVE.sub(" ", stem)
    for match in _PRONOUN.finditer(text):
        before = text[:match.start()]
        plural = match.group("p").lower() in ("they", "their", "them", "theirs")
        if not (_PLURAL_NOUN.search(before) if plural else _SINGULAR_NOUN.search(before)):
            return True  # nothing in the stem for it to stand for
    return False
