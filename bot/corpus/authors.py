"""Who wrote an essay, as learners refer to them, and which paragraphs are about the author.

Learners name an essay by its author far more often than by its title ("what does walt say…",
"rana's argument"), so every essay gets name forms derived from its `author` front matter: the
full name, the surname, and the given name plus surname without middle initials. Nothing here
knows the seed essays; an uploaded essay with `author: "Jane Q. Doe"` is "Doe", "Jane Doe" and
"Jane Q. Doe" the same way.

A paragraph "about the author" (a bio line at the end of a magazine piece) is metadata, not the
essay's argument: quoting it as an answer to "what does Rana say about Ukraine?" misleads. It is
recognised by its section heading ("About the author", "Bio", …) or, near the end of the essay,
by starting with the author's name and reading like a bio ("teaches at", "is the author of").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from bot.corpus.essay import Essay

_SPLIT_AUTHORS = re.compile(r"\s*(?:,|&|\band\b|;)\s*", re.I)
_INITIAL = re.compile(r"^[A-Z]\.?$")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."}
_BIO_SECTION = re.compile(r"\b(?:about the authors?|about the writer|author bio(?:graphy)?|biography|bio|contributors?)\b",
                          re.I)
_BIO_CUES = re.compile(
    r"\b(?:teaches|taught|professor|lecturer|is the author of|author of|is completing a book|is working on a book|"
    r"is a (?:senior |visiting |research )?fellow|fellow at|columnist|contributing (?:editor|writer)|editor at|"
    r"directs|director of|holds a|received (?:a|her|his|their) (?:phd|doctorate))\b", re.I)
# words that belong to the surname they come before (FINAL-39: "Marisol de la Fuente" was "Fuente")
_PARTICLES = {"de", "del", "della", "di", "da", "das", "dos", "do", "du", "la", "le", "van", "von", "der", "den", "ten",
              "ter", "ben", "bin", "ibn", "al", "el", "st.", "saint", "mac", "ap"}
BIO_TAIL = 2  # a bio without a heading is looked for among the last paragraphs only
BIO_MAX_WORDS = 150


@dataclass(frozen=True)
class AuthorName:
    full: str  # "Stephen M. Walt"
    surname: str  # "Walt"
    short: str  # "Stephen Walt" (no middle initials); equals `full` when there are none


def author_names(author: str) -> list[AuthorName]:
    """Every person in an author line ("A. B. Smith and Jane Doe" is two)."""
    names = []
    for part in _SPLIT_AUTHORS.split(author or ""):
        words = [w for w in part.split() if w.strip(".").lower() not in _SUFFIXES]
        if not words or part.strip().lower() in {"unknown author", "anonymous", "unknown"}:
            continue
        at = len(words) - 1
        while at > 1 and words[at - 1].lower() in _PARTICLES:
            at -= 1  # "Marisol de la Fuente" is "de la Fuente", "Ludwig van Beethoven" "van Beethoven"
        surname = " ".join(words[at:]).strip(",.")
        given = [w for w in words[:at] if not _INITIAL.match(w)]
        names.append(AuthorName(full=" ".join(words), surname=surname, short=" ".join(given + [surname])))
    return names


def name_parts(author: str) -> set[str]:
    """The parts of an author's name a learner may use alone: "Miriam", "Okafor", "Hale", "Okafor-Hale"."""
    words = re.findall(r"[A-Za-zÀ-ÿ'’]+(?:-[A-Za-zÀ-ÿ'’]+)*", author)
    parts = {w.lower() for w in words}
    parts |= {p.lower() for w in words for p in w.split("-")}
    return {p for p in parts if len(p) >= 3}


def display_surname(essay: Essay) -> str:
    """How an answer names the author in one word ("Walt"), or the title when no author is known."""
    names = author_names(essay.author)
    if not names:
        return essay.display_short_title
    if len(names) == 1:
        return names[0].surname
    return " and ".join([", ".join(n.surname for n in names[:-1]), names[-1].surname])


def display_names(essays: Sequence[Essay]) -> dict[str, str]:
    """How answers name each essay's author among `essays`: the surname ("Walt"), or the given name
    and surname when another essay's author has the same surname ("Ilse Vandermeulen" beside
    "Ingrid Vandermeulen"; FINAL-50, judged blind: "Vandermeulen's essay doesn't discuss that" was
    true of one of the two and said of the other)."""
    plain = {e.slug: display_surname(e) for e in essays}
    count = Counter(name.lower() for name in plain.values())
    out = {}
    for e in essays:
        names = author_names(e.author)
        if count[plain[e.slug].lower()] > 1 and len(names) == 1 and names[0].short.lower() != plain[e.slug].lower():
            out[e.slug] = names[0].short
        else:
            out[e.slug] = plain[e.slug]
    return out


def metadata_paragraphs(essay: Essay) -> frozenset[int]:
    """Paragraph numbers that are about the author rather than the essay's subject."""
    found = set()
    names = author_names(essay.author)
    total = len(essay.paragraphs)
    for para in essay.paragraphs:
        if para.section and _BIO_SECTION.search(para.section):
            found.add(para.number)
            continue
        if total <= BIO_TAIL or para.number <= total - BIO_TAIL or len(para.text.split()) > BIO_MAX_WORDS:
            continue
        opening = para.text[:80].lower()
        if any(opening.startswith(n.full.lower()) or opening.startswith(n.short.lower())
               or opening.startswith(n.surname.lower() + " ") for n in names) and _BIO_CUES.search(para.text):
            found.add(para.number)
    return frozenset(found)
