"""Questions of several parts: "main claim in one sentence + the most serious objection she deals
with", "what conditions does he put on it, and where's the $40bn figure", "what is the main idea?
and what is the lifeline block".

Framed whole, such a question is read as one: one handler takes it and answers one part (FINAL-42,
judged blind: six turns of one set answered the first part, or the second, never both). Split where
the learner joins two requests ("+", a second wh-question after "?", ", and where/what/which …"), each
part is answered as a question of its own, in the essay the first part was about when the next names
none, and the answers follow one another under the part they answer.

Only clear joins split a question: a bare "and why" ("what does he argue and why"), a part of one
content word ("+ her answer", "? what conditions"), a later part about the earlier one's answer
("list them + why he picks those 3"), a yes/no or "why" after "?" (mostly the same question pressed
further) or a part of more than `MAX_PART_WORDS` words is one question, for the handlers that already
take a request with its reply or its reasons.
"""

from __future__ import annotations

import re

from bot.tutor.intent import content_words

# "+" between two requests; a second wh-question after "?"; ", and where's …" (not a bare "and which",
# one question's two sides: "which has the most data and which is mostly opinion")
_JOIN = re.compile(r"\s+\+\s*|\s*\+\s+|"
                   r"(?<=\?)\s+(?:and\s+|also\s+|plus\s+)?(?=(?:what|where|which|who|how|when)\b(?:['’]s)?)|"
                   r",\s*(?:and|plus|also)\s+(?=(?:what|where|which|who|how|why|when)(?:['’]s)?\b)", re.I)
# a later part that points at what an earlier part asked for cannot stand alone ("why he picks those
# 3", "what does it cost"); "she", "he" are the essay's author, carried from the first part
_POINTS_BACK = re.compile(r"\b(?:it|its|them|those|these)\b", re.I)
MIN_PART_WORDS = 2  # content words each part needs to stand as a question of its own
# A part this long is a case made before its question ("Latimer says … But the agreements are for
# twenty-five years. Has he costed …? Is that a mistake?"): one line of questioning, not two requests
MAX_PART_WORDS = 25
MAX_PARTS = 3
# "who is Gramsci", "what is the NIEO": one content word, but a whole question of its own (FINAL-45,
# judged blind: "what means 'interregnum'? and who is Gramsci" answered the first part only)
_WHOLE_SHORT = re.compile(r"^(?i:who|what|where)\s+(?i:is|are|was|were|means?)\s+(?i:the\s+)?[\"'‘“]?[A-Z][\w'’-]+")


def question_parts(text: str) -> list[str]:
    """The parts of a question that joins several requests, or [] for a question of one part."""
    parts = [p.strip(" ,;") for p in _JOIN.split(text)]
    parts = [p for p in parts if p]
    if not 2 <= len(parts) <= MAX_PARTS:
        return []
    if any((len(content_words(p)) < MIN_PART_WORDS and not _WHOLE_SHORT.match(p)) or len(p.split()) > MAX_PART_WORDS
           for p in parts):
        return []
    if any(_POINTS_BACK.search(p) for p in parts[1:]):
        return []  # "list them + why he picks those 3": the second part is about the first's answer
    return parts
