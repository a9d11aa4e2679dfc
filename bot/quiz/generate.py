"""Generated quiz items: cloze and multiple choice from any essay.

How an item is made, and why (issue 11 measured 60% keepable before these rules):
- **Sentences by importance**: the essay's sentences are ranked as its summary ranks them
  (`bot.corpus.summary.importance`: centrality, closeness to the title, opening/closing and
  topic-sentence priors, shape penalties), so items test the essay's claims, not asides. Only
  the more important part is used, one sentence per paragraph first; `select_sentences` is the
  one function to swap for another ranking.
- **One term blanked per sentence**: a quoted phrase, a name, a number, a year, a decade, a sum
  of money, a percentage, or a concept word of the essay. Never a word of the essay's title
  (it gives the topic away), never a term that rides on a fixed pairing the essay repeats
  ("democratic ___", "___ promotion"), never a name coordinated with another name ("Barack Obama
  and ___"), and one item per lemma per essay ("authoritarianism"/"authoritarianisms").
- **Distractors** are terms of the same type from the essay set, close in meaning so they are
  plausible, but never close enough to be right: not above `SYNONYM_COSINE` to the answer, no
  shared word root ("anti-authoritarian" for "authoritarianism"), not a known near-synonym
  ("Pax Americana" for "American Century"). They match the answer's form (plural or singular,
  adjective or noun, name or common noun, number or word), so grammar gives nothing away.
- **Accepted forms**: a person's surname alone ("Beinart" for "Peter Beinart"), only when the
  essays treat the name as a person's (the surname stands alone elsewhere, or a role or a
  reporting verb goes with it), so "Century" never answers "American Century".
- An item is dropped if its answer is still visible in its prompt.

A cloze and a multiple-choice item from one sentence share their prompt; a quiz never shows
both (`bot.quiz.session.pick_items`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz

from bot.corpus.authors import metadata_paragraphs
from bot.corpus.essay import Essay
from bot.corpus.summary import essay_sentences, importance
from bot.quiz.grading import canonical, close_enough, root
from bot.quiz.items import BLANK, QuizItem
from bot.stopwords import FUNCTION_WORDS
from bot.text import sentences, strip_markdown
from bot.tutor.vocabulary import english_counts

log = logging.getLogger(__name__)

EncodeFn = Callable[[list[str]], np.ndarray]
SKIP_SECTIONS = {"about the author"}
MIN_WORDS, MAX_WORDS = 10, 45
MAX_PROMPT_CHARS = 400
# Above this cosine to the answer a distractor is too close to count as wrong (measured on the
# seed essays: "authoritarianism"/"anti-authoritarian" 0.82, "Africa"/"Tanzania" 0.73, while
# good distractors such as "1950s"/"1970s" sit at 0.62).
SYNONYM_COSINE = 0.70
# Below this cosine a distractor is not even in the same field ("Indonesia" for "Pax Americana");
# people's names are exempt (two names say little about each other to the model).
MIN_DISTRACTOR_COSINE = 0.40
# A lower-case word this common in general English (Google Books counts; "version" 232M, "account"
# 204M, "strategy" 57M, "arrangements" 19M) makes a blank nobody can answer from the essay, and a
# distractor that is no topic at all ("instead"). The essay's own vocabulary is rarer ("coalition"
# 12M, "globalization" 4.6M, "interregnum" 58K). Measured on 20 generated samples: 5 of 5 weak
# keyword blanks were above this line, none of the kept ones.
COMMON_KEYWORD_COUNT = 15_000_000
# The share of an essay's sentences (most important first) items are made from.
IMPORTANT_SHARE_LONG, IMPORTANT_SHARE_SHORT = 0.5, 0.8
# Pairs that are the same idea in other words: never a distractor for each other (nor accepted
# as the answer: they are the grey zone, neither clearly right nor clearly wrong).
_NEAR_SYNONYMS = [
    {"imperial", "colonial"}, {"imperialism", "colonialism"}, {"imperialist", "colonialist"},
    {"anti imperial", "anti colonial", "anti imperialist", "anti colonialist"},
    {"pax americana", "american century", "american hegemony", "american primacy"},
    {"hegemony", "primacy", "dominance"}, {"multipolarity", "multipolar order"},
    {"terror", "terrorism"}, {"war on terror", "global war on terror"},
]
_ROLE = re.compile(r"\b(?:historian|theorist|scholar|professor|president|senator|secretary|minister|writer|journalist|"
                   r"economist|analyst|author|columnist|leader|activist|critic|philosopher|officials?|"
                   r"interventionist|chancellor|candidate)\s*$", re.I)
_REPORTING = re.compile(r"^\s*(?:,\s*)?(?:has |had |have )?(?:noted|notes|argued|argues|wrote|writes|said|says|put it|"
                        r"called|observed|observes|warned|warns|explored|explores|suggested|suggests|"
                        r"contends|claimed|claims|insisted|insists|explained|explains|recalled|"
                        r"is correct|was correct|is right|was right)\b", re.I)

_STOP = FUNCTION_WORDS
_CAP_FUNCTION = {"The", "This", "That", "These", "Those", "It", "In", "But", "And", "As", "A", "An", "We", "They",
                 "He", "She", "Yet", "For", "If", "When", "While", "With", "Without", "Such", "Its", "Our", "Their",
                 "Most", "Many", "Some", "All", "Any", "Both", "Each", "Even", "Instead", "Indeed", "Moreover",
                 "However", "Thus", "So", "Still", "Over", "After", "Before", "During", "Across", "Along",
                 "Besides", "Taken", "Given", "Relatedly", "Furthermore", "Critically", "Ultimately", "Above",
                 "Recent", "Today", "Internally", "Externally", "Precisely", "Which", "What", "How", "Why",
                 "Needless", "Unfortunately", "Writing", "Last", "Not", "From", "Through", "Regardless", "Rather",
                 "Nowhere", "Going", "Leaders", "Organizations", "Take", "Together", "At", "By", "On", "To", "Of",
                 "Or", "No", "None", "Part", "There", "Here", "Just", "Only", "I", "Securing", "Contesting"}
_DEMONYMS = {"american", "americans", "european", "europeans", "russian", "russians", "ukrainian", "ukrainians",
             "chinese", "chilean", "israeli", "african", "asian", "british", "french", "german", "soviet",
             "western", "eastern", "bosnians", "democratic", "republican", "republicans", "democrats", "leftist",
             "leftists", "liberal", "liberals", "socialist", "socialists", "manichaean", "reaganite", "neocons"}
_CONNECT = {"of", "the", "for", "de", "von", "van", "al", "on"}
# Concept words: the essays' own vocabulary of ideas (unipolarity, creedalism, anti-imperial).
_CONCEPT = re.compile(r"\b(?:[a-z]*(?:ism|isms|ization|archy|cracy|polarity|hegemony)|[a-z]{6,}ists?|(?:anti|non|self|neo|post)-[a-z]+(?:-[a-z]+)?)\b")

_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s(?:billion|million|trillion|thousand))?")
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?%")
_DECADE = re.compile(r"\b(?:1[5-9]|20)\d0s\b")
_YEAR = re.compile(r"\b(?:1[5-9]\d{2}|20\d{2})\b(?!s)")
_SCALED = re.compile(r"\b\d+(?:\.\d+)?\s(?:billion|million|thousand|trillion)\b")
_NUMBER = re.compile(r"(?<![\w.$])\d{2,}(?:,\d{3})*(?![\w%.,]\d)")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,45})[”\"]")
_CAPWORD = re.compile(r"[A-Z][A-Za-z'’.\-]*[A-Za-z]|[A-Z]\.?")

# Ordinary words that are never worth a blank, however often an essay uses them.
_GENERIC = set("""
important significant political politics different particular current existing general possible various
certain several between without against because through although however already another whether
policy policies foreign country countries government states national international global world
people something anything everything nothing someone approach position question questions interest
context process building leaders practices principles objectives experience importance standards options
matters terms ground result concern concerns issue issues moment moments period decades century history
analysis effects conditions response potential massive symbolic
interests support supporters problem problems reason reasons result results example examples number
especially actually generally simply clearly largely broadly deeply strongly directly recently
""".split())
_ORDINAL_WORDS = {"first", "second", "third", "new", "old", "cold", "great", "holy", "united", "middle", "north", "south",
                  "east", "west", "central", "saudi"}
_NOUN_LEAD = {"the", "a", "an", "of", "its", "their", "his", "her", "our", "this", "that", "these", "those", "any", "some",
              "no", "for", "with", "in", "on", "by", "from", "such", "shared", "whose", "each", "every", "more", "greater"}
_ADVERBS = {"thus", "also", "still", "then", "now", "often", "even", "too", "instead", "again", "already", "here", "there"}
_NUMERIC_KINDS = {"year", "decade", "money", "percent", "number"}
KIND_DIFFICULTY = {"quote": "medium", "name": "medium", "term": "hard", "keyword": "hard", "year": "hard", "decade": "medium",
                   "money": "hard", "percent": "hard", "number": "hard"}


@dataclass(frozen=True)
class Term:
    text: str
    kind: str          # quote | name | year | decade | money | percent | number | term
    start: int
    end: int

    @property
    def key(self) -> str:
        return canonical(self.text)


@dataclass
class Candidate:
    essay: Essay
    paragraph: int
    sentence: str
    centrality: float          # the sentence's importance (higher first)


@dataclass
class GenerationReport:
    items: list[QuizItem]
    per_essay: dict[str, dict[str, int]]   # slug -> {"sentences", "candidates", "cloze", "multiple_choice"}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract_terms(sentence: str) -> list[Term]:
    """Every blankable term in a sentence, with its type (see the module docstring)."""
    found: list[Term] = []
    spans: list[tuple[int, int]] = []

    def add(text: str, kind: str, start: int, end: int) -> None:
        if not _overlaps(spans, start, end):
            found.append(Term(text.strip(), kind, start, end))
            spans.append((start, end))

    for regex, kind in ((_MONEY, "money"), (_PERCENT, "percent"), (_DECADE, "decade"), (_SCALED, "number"), (_YEAR, "year"), (_NUMBER, "number")):
        for m in regex.finditer(sentence):
            add(m.group(0), kind, m.start(), m.end())
    for m in _QUOTED.finditer(sentence):
        inner = m.group(1).strip().rstrip(".,;:")
        words = inner.split()
        if 1 <= len(words) <= 6 and not (set(w.lower() for w in words) <= _STOP):
            add(inner, "quote", m.start(1), m.start(1) + len(inner))
    for start, end in _name_spans(sentence):
        add(sentence[start:end], "name", start, end)
    for m in _CONCEPT.finditer(sentence):
        if len(m.group(0)) >= (10 if re.search(r"ists?$", m.group(0)) else 7):
            add(m.group(0), "term", m.start(), m.end())
    return found


def _name_spans(sentence: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (with "of", "the"... inside), minus sentence-initial function words."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\s—–]+", sentence)]
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []

    def close() -> None:
        while run and run[-1][2].strip(".,;:()\"“”'’").lower() in _CONNECT:
            run.pop()
        if run:
            words = [w.strip(".,;:()\"“”'’") for _, _, w in run]
            single_initial = len(run) == 1 and run[0][0] == tokens[0][0]
            all_demonyms = all(w.lower() in _DEMONYMS or w.lower() in _CONNECT for w in words)
            if not (single_initial or all_demonyms or (len(words) == 1 and (words[0] in _CAP_FUNCTION or len(words[0]) < 3))):
                start = run[0][0] + (len(run[0][2]) - len(run[0][2].lstrip("(\"“'‘")))
                last = run[-1]
                end = last[0] + len(last[2].rstrip(".,;:)\"”'’"))
                if last[2].endswith(("’s", "'s")):
                    end -= 2
                while run and words and words[0] in _CAP_FUNCTION:
                    # "The International Criminal Court": keep the article out of the answer.
                    first = run.pop(0)
                    words.pop(0)
                    start = run[0][0] if run else end
                if run and start < end:
                    out.append((start, end))
        run.clear()

    for index, (start, end, word) in enumerate(tokens):
        bare = word.strip("(\"“'‘")
        is_cap = bool(bare) and bare[0].isupper() and _CAPWORD.match(bare) is not None
        if is_cap and not (index == 0 and bare.rstrip(".,;:") in _CAP_FUNCTION):
            run.append((start, end, word))
            if re.search(r"[.,;:)\"”]$", word) and not re.search(r"\b[A-Z]\.$|U\.S\.$|U\.N\.$", word):
                close()
        elif run and word.lower() in _CONNECT and not re.search(r"[.,;:]$", word):
            run.append((start, end, word))
        else:
            close()
    close()
    return out


def _content_tokens(text: str) -> set[str]:
    return {w for w in canonical(text).split() if w not in _STOP and len(w) >= 3}


def reveals_answer(prompt: str, answers: Iterable[str]) -> bool:
    """True if any answer, or any content word of one, can be read in the prompt."""
    prompt_c = f" {canonical(prompt.replace(BLANK, ' '))} "
    prompt_tokens = set(prompt_c.split())
    for answer in answers:
        a = canonical(answer)
        if not a:
            continue
        if f" {a} " in prompt_c:
            return True
        for token in _content_tokens(answer):
            if token in prompt_tokens or any(close_enough(token, p) == "typo" for p in prompt_tokens if len(p) >= 5 and len(token) >= 5):
                return True
    return False


def select_sentences(essay: Essay, encode: EncodeFn) -> list[Candidate]:
    """The essay's askable sentences, most important first (one ranking for summaries and quizzes).

    Swappable: `ItemGenerator(select=...)` takes any function with this signature.
    """
    all_sentences = [s for s in essay_sentences(essay) if _section_ok(essay, s.paragraph)]
    if not all_sentences:
        return []
    texts = [strip_markdown(s.text) for s in all_sentences]
    vectors = np.asarray(encode(texts + [essay.title]), dtype=np.float32)
    scores = importance(all_sentences, vectors[:-1], len(essay.paragraphs), vectors[-1])
    order = sorted(range(len(all_sentences)), key=lambda i: -float(scores[i]))
    share = IMPORTANT_SHARE_LONG if len(all_sentences) >= 60 else IMPORTANT_SHARE_SHORT
    keep = order[: max(1, int(round(len(order) * share)))]
    out = []
    for i in keep:
        text = texts[i]
        words = len(text.split())
        if MIN_WORDS <= words <= MAX_WORDS and not text.endswith("?") and len(text) <= MAX_PROMPT_CHARS:
            out.append(Candidate(essay, all_sentences[i].paragraph, text, float(scores[i])))
    return out


def _section_ok(essay: Essay, number: int) -> bool:
    paragraph = essay.paragraph(number)
    return paragraph is not None and paragraph.section.strip().lower() not in SKIP_SECTIONS


def _roots(text: str) -> set[str]:
    return {root(w) for w in canonical(text).split() if w not in _STOP and len(w) >= 3}


def _shape(text: str) -> tuple:
    """What grammar shows about an answer: number or word, name or common noun, plural, and
    whether the head word reads as an adjective or a noun."""
    words = text.split()
    last = re.sub(r"[^a-z]", "", words[-1].lower()) if words else ""
    if re.search(r"\d", text):
        return ("number", "decade" if re.search(r"\d0s\b", text) else "money" if "$" in text else
                "percent" if "%" in text else "year" if re.fullmatch(r"\d{4}", text.strip()) else "count")
    name = all(w[:1].isupper() for w in words if w.lower() not in _CONNECT)
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is", "ics"))
    if last.endswith(("ism", "isms", "ity", "ities", "tion", "tions", "ment", "ments", "ness", "cy", "cies", "ance",
                      "ence", "ship", "hood", "archy")):
        pos = "noun"
    elif last.endswith(("al", "ic", "ive", "ous", "ary", "ful", "less", "able", "ible", "ian", "ed")):
        pos = "adjective"
    else:
        pos = "other"
    return ("name" if name else "word", plural, pos)


def _near_synonyms(a: str, b: str) -> bool:
    ka, kb = canonical(a), canonical(b)
    return any(ka in group and kb in group for group in ({canonical(w) for w in g} for g in _NEAR_SYNONYMS))


class ItemGenerator:
    """Builds items for a set of essays with one encoder (sync `encode`, normalised rows)."""

    def __init__(self, essays: Sequence[Essay], encode: EncodeFn, *, max_per_essay: int | None = None,
                 select: Callable[[Essay, EncodeFn], list[Candidate]] = select_sentences):
        self.essays = list(essays)
        self.encode = encode
        self.max_per_essay = max_per_essay
        self.select = select
        self._texts = {e.slug: " ".join(strip_markdown(p.text) for p in self._paragraphs(e)) for e in self.essays}
        self._doc_freq = self._term_doc_freq()
        self._pool = self._distractor_pool()
        self._pool_vectors: dict[str, np.ndarray] = {}
        self._persons: dict[str, bool] = {}
        self._bigrams = {slug: Counter(zip(canonical(text).split(), canonical(text).split()[1:]))
                         for slug, text in self._texts.items()}

    # -- corpus statistics -----------------------------------------------------------------
    def _paragraphs(self, essay: Essay):
        meta = metadata_paragraphs(essay)
        return [p for p in essay.paragraphs if p.section.strip().lower() not in SKIP_SECTIONS and p.number not in meta]

    def _term_doc_freq(self) -> dict[str, Counter]:
        """Per essay: in how many paragraphs each term occurs (names that are everywhere are noise)."""
        out: dict[str, Counter] = {}
        for essay in self.essays:
            counts: Counter = Counter()
            for paragraph in self._paragraphs(essay):
                text = strip_markdown(paragraph.text)
                keys = {t.key for t in extract_terms(text)}
                counts.update(keys)
                words = set(canonical(text).split())
                counts.update(f"w:{w}" for w in words)
            out[essay.slug] = counts
        return out

    def _distractor_pool(self) -> dict[str, dict[str, str]]:
        pool: dict[str, dict[str, str]] = {}
        for essay in self.essays:
            for paragraph in self._paragraphs(essay):
                for sentence in sentences(strip_markdown(paragraph.text)):
                    terms = extract_terms(sentence)
                    for term in terms + self._keywords(sentence, essay.slug, terms):
                        if self._usable(term, essay.slug):
                            pool.setdefault(self._type(term), {}).setdefault(term.key, term.text)
        return pool

    def _type(self, term: Term) -> str:
        return term.kind

    def _keywords(self, sentence: str, slug: str, taken: list[Term]) -> list[Term]:
        """The essay's own recurring vocabulary ("restrained", "failure"): lower-case content words of
        seven letters or more found in at least two of its paragraphs but not everywhere."""
        spans = [(t.start, t.end) for t in taken]
        paragraphs = max(1, len(self._paragraphs(next(e for e in self.essays if e.slug == slug))))
        out = []
        for m in re.finditer(r"(?<![\w'’-])[a-z]{7,}(?![\w'’-])", sentence):
            word = m.group(0)
            if (word in _STOP or word in _GENERIC or word.endswith(("ly", "ing", "ed")) or
                    _overlaps(spans, m.start(), m.end())):
                continue
            before = re.findall(r"[A-Za-z’'-]+", sentence[:m.start()])
            previous = before[-1].lower() if before else ""
            if not (previous in _NOUN_LEAD or previous.endswith(("al", "ic", "ive", "ous", "ary", "ist", "ian", "ed"))):
                continue  # a verb or an adverb blanked reads as a riddle; only the head of a noun phrase
            if self._verbish(word, slug) or english_counts().get(word, 0) >= COMMON_KEYWORD_COUNT:
                continue
            count = self._doc_freq[slug][f"w:{word}"]
            if 2 <= count <= max(3, paragraphs // 3):
                out.append(Term(word, "keyword", m.start(), m.end()))
        return out

    def _usable(self, term: Term, slug: str) -> bool:
        key = term.key
        if not key or key in _STOP or len(key) < 3:
            return False
        if term.kind == "keyword":
            return True  # chosen by `_keywords` with the frequency rule already
        if term.kind == "term":
            # A concept word that is not the essay's constant refrain.
            paragraphs = max(1, len(self._paragraphs(next(e for e in self.essays if e.slug == slug))))
            return self._doc_freq[slug][f"w:{key}"] <= max(2, paragraphs // 6)
        if term.kind == "name":
            paragraphs = max(1, len(self._paragraphs(next(e for e in self.essays if e.slug == slug))))
            return self._doc_freq[slug][key] <= max(2, paragraphs // 8)
        return True

    def _verbish(self, word: str, slug: str) -> bool:
        """The essay uses the word as a verb somewhere ("which requires", "to require")."""
        stems = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word}
        pattern = r"\b(?:to|it|they|he|she|which|who|that|this|will|would|can|could|must|should|may|might|does|do|often|also)\s+(?:%s)\b"
        return re.search(pattern % "|".join(map(re.escape, stems)), self._texts.get(slug, "").lower()) is not None

    def _person_anywhere(self, name: str) -> bool:
        key = name.strip()
        if key not in self._persons:
            self._persons[key] = any(self.is_person(key, e.slug) for e in self.essays)
        return self._persons[key]

    def is_person(self, name: str, slug: str) -> bool:
        """A capitalised name the essays treat as a person's: its surname stands alone elsewhere,
        or a role ("historian Adam Tooze") or a reporting verb ("Bessner is correct") goes with it."""
        words = name.split()
        if (len(words) < 2 or words[0].lower() in _DEMONYMS or words[0].lower() in _ORDINAL_WORDS
                or any(w.lower() in _CONNECT for w in words)):
            return False
        text = self._texts.get(slug, "")
        surname = words[-1]
        for m in re.finditer(re.escape(name), text):
            if _ROLE.search(text[max(0, m.start() - 40):m.start()]) or _REPORTING.match(text[m.end():m.end() + 30]):
                return True
        alone = [m for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text)
                 if not text[max(0, m.start() - len(words[-2]) - 1):m.start()].strip().endswith(words[-2])]
        return any(_REPORTING.match(text[m.end():m.end() + 30]) or text[m.end():m.end() + 2] in ("’s", "'s")
                   for m in alone)

    # -- selection -------------------------------------------------------------------------
    def candidates(self, essay: Essay) -> list[Candidate]:
        """Askable sentences, most important first, one per paragraph before any second one."""
        ranked = self.select(essay, self.encode)
        first, rest, seen = [], [], set()
        for c in ranked:
            (rest if c.paragraph in seen else first).append(c)
            seen.add(c.paragraph)
        return first + rest

    def _title_roots(self, essay: Essay) -> set[str]:
        return _roots(essay.title) | _roots(getattr(essay, "short_title", "") or "")

    def _trivial(self, candidate: Candidate, term: Term) -> bool:
        """The blank is given away by a pairing the essay repeats, a compound it modifies
        ("_____ promotion"), a name next to it, or it is one entry of a list of names."""
        before = canonical(candidate.sentence[:term.start]).split()
        after = canonical(candidate.sentence[term.end:]).split()
        words = term.key.split()
        bigrams = self._bigrams[candidate.essay.slug]
        own = Counter(zip(canonical(candidate.sentence).split(), canonical(candidate.sentence).split()[1:]))
        if before and words and before[-1] not in _STOP and bigrams[(before[-1], words[0])] - own[(before[-1], words[0])] >= 1:
            return True
        if after and words and after[0] not in _STOP and bigrams[(words[-1], after[0])] - own[(words[-1], after[0])] >= 1:
            return True
        if term.kind in ("term", "keyword") and len(words) == 1 and after:
            following = after[0]
            raw_next = candidate.sentence[term.end:term.end + 2]
            if (following.isalpha() and following not in _STOP and following not in _ADVERBS
                    and not following.endswith("ly") and raw_next[:1] == " "):
                return True  # "_____ promotion": the blank modifies a noun it forms a set phrase with
        if term.kind == "name":
            left = candidate.sentence[:term.start].rstrip()
            right = candidate.sentence[term.end:].lstrip()
            if re.search(r"[A-Z][\w.’'-]+\s+(?:and|or)$", left) or re.match(r"(?:and|or)\s+[A-Z]", right):
                return True
            if re.search(r"[A-Z][\w.’'-]+,\s*$", left) or re.match(r",\s*[A-Z][\w.’'-]+,", right):
                return True  # one entry of "Chile, Argentina, Brazil, _____, Iran"
        return False

    def _best_term(self, candidate: Candidate, used: set[str]) -> Term | None:
        priority = {"money": 0, "percent": 0, "number": 0, "decade": 0, "year": 0, "quote": 1, "name": 2, "term": 3,
                    "keyword": 4}
        title = self._title_roots(candidate.essay)
        found = extract_terms(candidate.sentence)
        found += self._keywords(candidate.sentence, candidate.essay.slug, found)
        terms = [t for t in found if self._usable(t, candidate.essay.slug)
                 and not (_roots(t.text) & used) and not (_roots(t.text) & title)]
        terms.sort(key=lambda t: (priority[t.kind], -len(t.text)))
        for term in terms:
            if self._trivial(candidate, term):
                continue
            prompt = candidate.sentence[:term.start] + BLANK + candidate.sentence[term.end:]
            if not reveals_answer(prompt, [term.text]):
                return term
        return None

    def _vectors(self, kind: str) -> tuple[list[str], np.ndarray]:
        texts = list(self._pool.get(kind, {}).values())
        if kind not in self._pool_vectors:
            self._pool_vectors[kind] = np.asarray(self.encode(texts), dtype=np.float32) if texts else np.zeros((0, 1), np.float32)
        return texts, self._pool_vectors[kind]

    def distractors(self, term: Term, sentence: str, count: int = 3) -> list[str]:
        texts, vectors = self._vectors(self._type(term))
        if not texts:
            return []
        answer_vec = np.asarray(self.encode([term.text]), dtype=np.float32)[0]
        sims = vectors @ answer_vec
        order = np.argsort(-sims)
        sentence_c = f" {canonical(sentence)} "
        shape = _shape(term.text)
        answer_roots = _roots(term.text)
        chosen: list[str] = []
        for index in order:
            text = texts[int(index)]
            key = canonical(text)
            if key == term.key or f" {key} " in sentence_c:
                continue
            if float(sims[int(index)]) > SYNONYM_COSINE or _near_synonyms(text, term.text):
                continue  # close enough in meaning to be right too
            if float(sims[int(index)]) < MIN_DISTRACTOR_COSINE and not (
                    term.kind == "name" and self._person_anywhere(term.text)) and term.kind not in _NUMERIC_KINDS:
                break  # sorted by similarity: the rest are further still
            if _same_word(key, term.key) or (_roots(text) & answer_roots) or any(_same_word(key, canonical(c)) for c in chosen):
                continue
            if _shape(text) != shape or abs(len(text.split()) - len(term.text.split())) > 1:
                continue  # grammar would give the answer away
            if term.kind == "name" and self._person_anywhere(text) != self._person_anywhere(term.text):
                continue  # a person among places, or a place among people
            if any(_near_synonyms(text, c) or (_roots(text) & _roots(c)) for c in chosen):
                continue
            chosen.append(text)
            if len(chosen) == count:
                break
        return chosen

    # -- items -----------------------------------------------------------------------------
    def generate(self, slugs: Iterable[str] | None = None) -> GenerationReport:
        wanted = set(slugs) if slugs else None
        items: list[QuizItem] = []
        per_essay: dict[str, dict[str, int]] = {}
        for essay in self.essays:
            if wanted is not None and essay.slug not in wanted:
                continue
            made = self._for_essay(essay)
            items += made
            stats = Counter(i.kind for i in made)
            per_essay[essay.slug] = {"cloze": stats["cloze"], "multiple_choice": stats["multiple_choice"], "total": len(made)}
        return GenerationReport(items, per_essay)

    def _for_essay(self, essay: Essay) -> list[QuizItem]:
        used: set[str] = set()          # roots of answers already asked in this essay
        prompts: set[str] = set()
        out: list[QuizItem] = []
        for candidate in self.candidates(essay):
            if self.max_per_essay is not None and len(out) >= self.max_per_essay:
                break
            term = self._best_term(candidate, used)
            if term is None:
                continue
            prompt = candidate.sentence[:term.start] + BLANK + candidate.sentence[term.end:]
            key = canonical(prompt)
            if any(fuzz.ratio(key, p) >= 90 for p in prompts):
                continue
            used |= _roots(term.text)
            prompts.add(key)
            accepted = self._accepted_variants(term, essay.slug)
            base = {
                "essay": essay.slug, "paragraph": candidate.paragraph, "prompt": prompt, "answer": term.text,
                "explanation": f"Paragraph {candidate.paragraph}: {candidate.sentence}",
                "difficulty": KIND_DIFFICULTY[term.kind], "tags": ["generated", term.kind],
                "author": "generator", "origin": "generated",
            }
            cloze = QuizItem(id=_item_id(essay.slug, "c", prompt, term.text), kind="cloze", accepted=accepted, **base)
            if not reveals_answer(cloze.prompt, cloze.answers):
                out.append(cloze)
            wrong = self.distractors(term, candidate.sentence)
            if len(wrong) >= 2 and (self.max_per_essay is None or len(out) < self.max_per_essay):
                choices = sorted([term.text, *wrong], key=lambda c: hashlib.sha1(c.encode()).hexdigest())
                out.append(QuizItem(id=_item_id(essay.slug, "m", prompt, term.text), kind="multiple_choice",
                                    choices=choices, **base))
        log.info("generated %d items for %s", len(out), essay.slug)
        return out

    def _accepted_variants(self, term: Term, slug: str) -> list[str]:
        """Forms a learner may type for a blank: a person's surname; a sum without its dollar sign."""
        out = []
        words = term.text.split()
        if term.kind == "name" and len(words[-1]) >= 4 and self.is_person(term.text, slug):
            out.append(words[-1])
        if term.kind == "money":
            out.append(term.text.replace("$", "").strip() + " dollars")
        return out


def _same_word(a: str, b: str) -> bool:
    """Near-duplicates or forms of one word ("transformed"/"transformation") are not distractors."""
    if re.search(r"\d", a) and re.search(r"\d", b):
        return a == b  # "1950s" and "1970s" look alike but are different answers
    if close_enough(a, b) or fuzz.ratio(a, b) >= 80 or a in b or b in a:
        return True
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 6 or prefix >= 0.7 * min(len(a), len(b))


def _item_id(slug: str, kind: str, prompt: str, answer: str) -> str:
    digest = hashlib.sha1(f"{prompt}\0{answer}".encode()).hexdigest()[:10]
    prefix = re.sub(r"[^a-z0-9]+", "-", slug.lower())[:24].strip("-") or "essay"
    return f"gen-{prefix}-{kind}{digest}"


def generated_status(require_approval: bool) -> str:
    """Generated items wait for a moderator's approval when the server's settings say so."""
    return "pending" if require_approval else "active"
