"""Where a term occurs in the essays: what "realism?", "Cato" or "what is a non-reformist reform?"
is answered from.

A learner who types a term wants the passage that uses or defines it, and the term itself is the
strongest evidence there is: "Kosovo" typed alone has a low cosine with every passage, but the
essays say "Kosovo" once, so that passage answers. A term is found

1. as a phrase, case-, hyphen- and quote-insensitively, at a word start and allowing a short
   ending ("Bosnia" finds "Bosnians", "lend lease" finds "lend-lease");
2. else when all its content words (stemmed, as BM25 sees them) occur in one paragraph;
3. else through another form of its word: one that shares all but its last few letters
   ("realism" finds "realists"; "realists" does not find "reality", nor "libertarians" "liberal").

Metadata paragraphs (the author's bio) are left out: they are not what an essay argues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from bot.stopwords import CHAT_WORDS, FUNCTION_WORDS, QUESTION_WORDS
from bot.tutor.compose import phrases_of
from bot.tutor.intent import content_words
from bot.tutor.scopes import Scope, normal_text, stems

MAX_SUFFIX = 5  # letters a match may run on past the term ("Bosnia" -> "Bosnians", "Congress" -> "Congressional")
CLOSE_PREFIX = 6  # letters two forms of a word share at least ("cornell" is not "corner")


@dataclass(frozen=True)
class Occurrence:
    essay: str
    paragraph: int
    how: str  # "phrase", "words" or "close"


_normal = normal_text


_QUOTED_GAP = r"(?:\s+|\s*,?[\"']\s*|\s*[\"'],?\s+)"


def phrase_pattern(term: str, *, ignore_case: bool = False) -> re.Pattern:
    """The term as a phrase over `_normal` text; with `ignore_case`, over text as written
    (any case, hyphens or spaces between the words), to find it in a quote."""
    words = [re.escape(w) for w in _normal(term).split()]
    if ignore_case:
        return re.compile(r"\b" + r"[\s\-–—]+".join(words) + rf"[a-z]{{0,{MAX_SUFFIX}}}\b", re.I)
    # a closing quote, with its comma, may stand inside the phrase: 'revolutionary, or "non-reformist,"
    # reforms' holds "non-reformist reforms" (a comma alone does not join "land, people")
    return re.compile(r"\b" + _QUOTED_GAP.join(words) + rf"[a-z]{{0,{MAX_SUFFIX}}}\b")


def find_term(scope: Scope, term: str, essays: Iterable[str] | None = None) -> list[Occurrence]:
    """Paragraphs where `term` occurs, in essay and reading order (phrase matches before others)."""
    allowed = set(essays) if essays is not None else set(scope.by_slug)
    paragraphs = [(e, p) for e in scope.essays if e.slug in allowed for p in e.paragraphs
                  if not scope.is_metadata(e.slug, p.number)]
    pattern = phrase_pattern(term)
    found = [Occurrence(e.slug, p.number, "phrase") for e, p in paragraphs
             if pattern.search(scope.normalised[(e.slug, p.number)])]
    if found:
        return found
    wanted = set(stems(term))
    if wanted and all(scope.document_frequency(t) for t in wanted):
        found = [Occurrence(e.slug, p.number, "words") for e, p in paragraphs
                 if wanted <= scope.paragraph_stems(e.slug, p.number)]
        if found:
            return found
    close = close_forms(scope, term)
    if not close:
        return []
    patterns = [phrase_pattern(w) for w in close]
    return [Occurrence(e.slug, p.number, "close") for e, p in paragraphs
            if any(pat.search(scope.normalised[(e.slug, p.number)]) for pat in patterns)]


def close_forms(scope: Scope, term: str) -> list[str]:
    """Other forms of a one-word term among the essay words (`find_term`'s third rule)."""
    words = content_words(term)
    if len(words) != 1:
        return []
    word = words[0].lower()
    return [w for w in scope.vocabulary.counts if w != word and _shared_prefix(w, word) >= max(
        CLOSE_PREFIX, len(word) - 2, len(w) - 3)]


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def sentence_has_term(sentence: str, term: str, forms: Iterable[str] = ()) -> bool:
    text = _normal(sentence)
    if phrase_pattern(term).search(text) or any(phrase_pattern(f).search(text) for f in forms):
        return True
    wanted = set(stems(term))
    return bool(wanted) and wanted <= set(stems(sentence))


MISSING_MAX_DF = 5  # a name in more paragraphs than this is too common to mark one essay's topic


def missing_in(scope: Scope, text: str, essays: Iterable[str]) -> list[str]:
    """What `text` asks about that other essays here discuss and `essays` never mention: a name
    or coined word ("NATO", "Cato", "creedalism") or a phrase of two or more content words
    ("offshore balancing"). A question about it, asked of `essays`, is not covered there, however
    close in meaning their passages are (Rana's "balancing act" is not "offshore balancing")."""
    wanted = set(essays)
    others = [e for e in scope.essays if e.slug not in wanted]
    if not others:
        return []
    mine = [scope.normalised[(e.slug, p.number)] for e in scope.essays if e.slug in wanted for p in e.paragraphs]
    theirs = [scope.normalised[(e.slug, p.number)] for e in others for p in e.paragraphs]
    missing = []
    for word in dict.fromkeys(w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]+", text)):
        if not scope.vocabulary.distinctive(word):
            continue
        found = stems(word)
        if not found or any(scope.document_frequency(t) > MISSING_MAX_DF for t in found):
            continue
        if _used(phrase_pattern(word), theirs) and not _used(phrase_pattern(word), mine):
            missing.append(word)
    for phrase in phrases_of(text, FUNCTION_WORDS | QUESTION_WORDS | CHAT_WORDS):
        pattern = phrase_pattern(phrase)
        if _used(pattern, theirs) and not _used(pattern, mine):
            missing.append(phrase)
    return missing


def _used(pattern: re.Pattern, normalised: Iterable[str]) -> bool:
    return any(pattern.search(t) for t in normalised)
