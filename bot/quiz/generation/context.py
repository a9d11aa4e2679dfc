"""What every item kind needs to know about one essay, computed once per generation run.

An item is only as good as its reading of the essay: who is a person and who a place, which
words the essay keeps returning to, which sentence plays which role in the argument, how the
author is named. Each kind module reads these facts instead of re-deriving them, so a rule
("a surname standing alone makes a name a person's") is written once and holds for every kind.
Everything comes from the essay's front matter and text and its argument map
(`bot.corpus.argument`); nothing here knows any particular essay.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import numpy as np

from bot.corpus.argument import ArgumentMap, MapSentence, build_map
from bot.corpus.authors import author_names, display_names, display_surname, metadata_paragraphs
from bot.corpus.essay import Essay, Paragraph
from bot.corpus.names import NamedEntry, essay_names
from bot.quiz.generation.terms import CONNECT, DEMONYMS, extract_terms
from bot.quiz.normalize import canonical
from bot.text import strip_markdown
from bot.tutor.vocabulary import english_counts, is_common_english, is_english

log = logging.getLogger(__name__)

EncodeFn = Callable[[list[str]], np.ndarray]
SKIP_SECTIONS = {"about the author"}
NAME_WORD_COUNT = 100_000  # an English word this common opens a sentence as itself ("Volunteer"), not as a name

ROLE_WORDS = (r"historian|theorist|scholar|professor|president|senator|secretary|secretary-general|minister|writer|"
              r"journalist|economist|analyst|author|columnist|leader|activist|critic|philosopher|officials?|"
              r"interventionist|chancellor|candidate|thinker|sociologist|lawyer|commentator|reporter|researcher|"
              r"scientist|poet|novelist|politician|general|governor|mayor|editor|organizer|strategist|diplomat|"
              # roles an uploaded essay on schools, hospitals or cities gives its sources (an unseen
              # essay on homework named six sources and yielded one item)
              r"headteacher|head\s+teacher|principal|teacher|planner|engineer|director|chair|founder|curator|"
              r"conservator|librarian|manager|doctor|surgeon|physician|nurse|statistician|epidemiologist|"
              r"consultant|lead\s+author|co-author|spokesperson|spokeswoman|spokesman|expert|specialist")
# "The headteacher, Marcus Oyelaran, …", "lead author, Dr Priya Lindqvist": a role set off by a
# comma, and a title before the name.
_TITLE = r"(?:(?:Dr|Prof|Professor|Sir|Dame)\.?\s+)?"
_ROLE_BEFORE = re.compile(rf"(?:\b(?:{ROLE_WORDS}),?\s*{_TITLE}|\b(?:Dr|Prof|Professor)\.?\s+)$", re.I)
REPORTING = re.compile(r"^\s*(?:,\s*)?(?:has |had |have )?(?:noted|notes|argued|argues|wrote|writes|said|says|put it|"
                       r"called|observed|observes|warned|warns|explored|explores|suggested|suggests|"
                       r"contends|claimed|claims|insisted|insists|explained|explains|recalled|"
                       r"is correct|was correct|is right|was right|told me|summed it up|puts it|"
                       r"describes|described|recommends|recommended)\b", re.I)
ORDINAL_WORDS = {"first", "second", "third", "new", "old", "cold", "great", "holy", "united", "middle", "north",
                 "south", "east", "west", "central", "saudi"}
# The last word of an organisation's, an agreement's or an initiative's name.
ORG_HEADS = {"institute", "court", "party", "council", "program", "programme", "alliance", "movement", "congress",
             "department", "press", "forum", "international", "protocol", "order", "union", "organization",
             "organisation", "bank", "fund", "treaty", "agreement", "accord", "league", "committee", "commission",
             "foundation", "university", "association", "agency", "network", "front", "coalition"}
# Roles of office holders: who they are is general knowledge ("since 2016 … a president"), not the essay's.
OFFICE_ROLES = {"president", "senator", "secretary", "secretary-general", "minister", "chancellor", "candidate",
                "governor", "mayor", "general", "leader", "officials", "official", "politician", "diplomat"}


@dataclass
class EssayFacts:
    """One essay as the generator reads it (see the module docstring)."""

    essay: Essay
    amap: ArgumentMap
    encode: EncodeFn
    # how questions name the author among the essays generated from (`authors.display_names`)
    display_name: str = ""
    sentences: list[MapSentence] = field(init=False)
    paragraphs: list[Paragraph] = field(init=False)

    def __post_init__(self) -> None:
        meta = metadata_paragraphs(self.essay)
        self.paragraphs = [p for p in self.essay.paragraphs
                           if p.section.strip().lower() not in SKIP_SECTIONS and p.number not in meta]
        numbers = {p.number for p in self.paragraphs}
        self.sentences = [s for s in self.amap.sentences if s.paragraph in numbers]
        self.text = " ".join(strip_markdown(p.text) for p in self.paragraphs)
        self.word_paragraphs: Counter = Counter()
        self.term_paragraphs: Counter = Counter()
        for p in self.paragraphs:
            body = strip_markdown(p.text)
            self.word_paragraphs.update(set(canonical(body).split()))
            self.term_paragraphs.update({t.key for t in extract_terms(body)})
        words = canonical(self.text).split()
        self.bigrams = Counter(zip(words, words[1:]))
        self._persons: dict[str, bool] = {}

    # -- who wrote it -------------------------------------------------------------------------
    @property
    def slug(self) -> str:
        return self.essay.slug

    @property
    def surname(self) -> str:
        """How questions name the author ("Walt"; "Ilse Vandermeulen" beside another Vandermeulen: a
        blind teacher, round 37, "Vandermeulen could mean either of two essays"); the title when the
        essay names no author."""
        return self.display_name or display_surname(self.essay)

    @property
    def author(self) -> str:
        return self.essay.author.strip() or self.essay.display_short_title

    @property
    def author_words(self) -> set[str]:
        return {w.lower() for n in author_names(self.essay.author) for w in n.full.split()}

    # -- sentences ----------------------------------------------------------------------------
    def sentence_text(self, s: MapSentence) -> str:
        return strip_markdown(s.text).strip()

    @cached_property
    def vectors(self) -> np.ndarray:
        """One normalised vector per body sentence (in `sentences` order)."""
        texts = [self.sentence_text(s) for s in self.sentences]
        if not texts:
            return np.zeros((0, 1), np.float32)
        return np.asarray(self.encode(texts), dtype=np.float32)

    @cached_property
    def centroid(self) -> np.ndarray:
        if not len(self.vectors):
            return np.zeros(1, np.float32)
        c = self.vectors.mean(axis=0)
        return c / (np.linalg.norm(c) or 1.0)

    def opens_with_name(self, text: str) -> bool:
        """Whether `text` opens with a name, so a question that moves it from the start of its
        sentence keeps the capital: a word the essay capitalises inside a sentence ("…, and Bayern
        …", "Parliament"), or one that is no everyday English word and is never written in lower
        case ("bayern is not a charity" read as careless to all three teachers of round 27)."""
        first = re.sub(r"[^\w’'-]", "", text.split()[0]) if text.split() else ""
        if not first or not first[0].isupper():
            return False
        if re.search(rf"[a-z,;:] {re.escape(first)}\b", self.text):
            return True
        return english_counts().get(first.lower(), 0) < NAME_WORD_COUNT and \
            not re.search(rf"\b{re.escape(first.lower())}\b", self.text)

    def index_of(self, s: MapSentence) -> int:
        return self.sentences.index(s)

    @cached_property
    def canonical_text(self) -> str:
        """The body in grading's comparable form, once (`canonical` is costly on a long essay)."""
        return canonical(self.text)

    @cached_property
    def canonical_sentences(self) -> list[str]:
        return [f" {canonical(s.text)} " for s in self.sentences]

    @cached_property
    def canonical_paragraphs(self) -> list[str]:
        return [f" {canonical(strip_markdown(p.text))} " for p in self.paragraphs]

    # -- named things -------------------------------------------------------------------------
    @cached_property
    def names(self) -> dict[str, NamedEntry]:
        return essay_names(self.essay, is_common=is_common_english, is_english=is_english,
                           skip={p.number for p in self.essay.paragraphs} - {p.number for p in self.paragraphs})

    def paragraphs_with(self, text: str) -> int:
        """In how many body paragraphs a term or phrase occurs (its familiarity to a reader)."""
        key = canonical(text)
        if not key:
            return 0
        if " " not in key:
            return self.word_paragraphs.get(key, 0) or self.term_paragraphs.get(key, 0)
        return sum(1 for p in self.canonical_paragraphs if f" {key} " in p)

    def is_person(self, name: str) -> bool:
        """A capitalised name the essay treats as a person's: a role goes with it ("historian Adam
        Tooze", "President Donald Trump"), a reporting verb follows it ("Bessner is correct"), or
        its surname stands alone as someone's ("Shulman put it", "Putin's")."""
        key = name.strip()
        if key in self._persons:
            return self._persons[key]
        words = key.split()
        result = False
        if not (len(words) < 2 or words[0].lower() in DEMONYMS or words[0].lower() in ORDINAL_WORDS
                or any(w.lower() in CONNECT for w in words) or words[-1].lower() in ORG_HEADS):
            text = self.text
            surname = words[-1]
            for m in re.finditer(re.escape(key), text):
                if _ROLE_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or REPORTING.match(text[m.end():m.end() + 30]):
                    result = True
                    break
            if not result:
                alone = [m for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text)
                         if not text[max(0, m.start() - len(words[-2]) - 1):m.start()].strip().endswith(words[-2])]
                result = any(REPORTING.match(text[m.end():m.end() + 30]) or text[m.end():m.end() + 2] in ("’s", "'s")
                             for m in alone)
        self._persons[key] = result
        return result

    def name_type(self, name: str) -> str:
        """person | place | org | other: the type a distractor must share with the answer."""
        from bot.tutor.named import gazetteer

        if self.is_person(name):
            return "person"
        low = name.lower().strip()
        if low in gazetteer() or low.removeprefix("the ") in gazetteer():
            return "place"
        words = low.split()
        if words and (words[-1] in ORG_HEADS or (re.fullmatch(r"[A-Z]{3,}", name.strip()) is not None)):
            return "org"
        return "other"

    def persons(self) -> list[str]:
        """The people the essay names, in full (the author is not among them)."""
        return sorted({e.name for e in self.names.values()
                       if e.kind == "name" and self.is_person(e.name) and e.name.lower() not in self.author_words
                       and not set(e.name.lower().split()) <= self.author_words})

    def full_name(self, mention: str) -> str:
        """"Shulman" -> "George Shulman" when the essay names him in full somewhere."""
        for person in self.persons():
            if person == mention or person.split()[-1] == mention:
                return person
        return mention


def facts_for(essays: list[Essay], encode: EncodeFn, maps: dict[str, ArgumentMap] | None = None) -> dict[str, EssayFacts]:
    """Facts for every essay; an essay without a stored map gets one built here (pure and cheap)."""
    maps = maps or {}
    out = {}
    display = display_names(essays)
    for essay in essays:
        amap = maps.get(essay.slug)
        if amap is None or amap.content_hash != essay.content_hash:
            amap = build_map(essay)
        out[essay.slug] = EssayFacts(essay, amap, encode, display[essay.slug])
    return out
