"""Generated quiz items: cloze and multiple choice from any essay.

How an item is made, and why:
- Sentences are ranked by centrality (cosine to the mean embedding of the essay's sentences): a
  sentence close to what the essay is about tests understanding, not a passing aside. Only
  sentences in the central half (central 80% for short essays), 10-45 words long, are used.
- In each sentence one term that matters is blanked: a quoted phrase, a name, a number, a year,
  a decade, a sum of money, a percentage, or a rare long word of the essay. Stop words never
  qualify, nor names so common in the essay that they carry no information ("United States").
- Multiple-choice distractors are terms of the same type from the whole essay set (a year for a
  year, a person for a person), picked by embedding similarity to the answer so they are close
  in meaning, and never near-duplicates of the answer or of each other.
- An item is dropped if its answer is still visible in its prompt (a repeated name, a shared
  word); each answer is asked at most once per essay, each sentence at most once per kind.
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

from bot.corpus.essay import Essay
from bot.quiz.grading import canonical, close_enough
from bot.quiz.items import BLANK, QuizItem
from bot.text import sentences, strip_markdown

log = logging.getLogger(__name__)

EncodeFn = Callable[[list[str]], np.ndarray]
SKIP_SECTIONS = {"about the author"}
MIN_WORDS, MAX_WORDS = 10, 45
MAX_PROMPT_CHARS = 400

_STOP = set("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
those they them their there here we our you your he she his her i me my not no nor so than then too very can
could would should may might must will shall do does did done has have had having into onto over under about
above below up down out off again further once more most other some such only own same just also all any both
each few many much what which who whom whose why how when where while because until against between through
during before after per via one two
""".split())
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
_CONNECT = {"of", "the", "for", "de", "von", "van", "al"}
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

KIND_DIFFICULTY = {"quote": "medium", "name": "medium", "term": "hard", "year": "hard", "decade": "medium",
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
    centrality: float


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


class ItemGenerator:
    """Builds items for a set of essays with one encoder (sync `encode`, normalised rows)."""

    def __init__(self, essays: Sequence[Essay], encode: EncodeFn, *, max_per_essay: int | None = None):
        self.essays = list(essays)
        self.encode = encode
        self.max_per_essay = max_per_essay
        self._doc_freq = self._term_doc_freq()
        self._pool = self._distractor_pool()
        self._pool_vectors: dict[str, np.ndarray] = {}

    # -- corpus statistics -----------------------------------------------------------------
    def _paragraphs(self, essay: Essay):
        return [p for p in essay.paragraphs if p.section.strip().lower() not in SKIP_SECTIONS]

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
                    for term in extract_terms(sentence):
                        if self._usable(term, essay.slug):
                            pool.setdefault(self._type(term), {}).setdefault(term.key, term.text)
        return pool

    def _type(self, term: Term) -> str:
        return "year" if term.kind in ("year",) else term.kind

    def _usable(self, term: Term, slug: str) -> bool:
        key = term.key
        if not key or key in _STOP or len(key) < 3:
            return False
        if term.kind == "term":
            # A concept word that is not the essay's constant refrain.
            paragraphs = max(1, len(self._paragraphs(next(e for e in self.essays if e.slug == slug))))
            return self._doc_freq[slug][f"w:{key}"] <= max(2, paragraphs // 6)
        if term.kind == "name":
            paragraphs = max(1, len(self._paragraphs(next(e for e in self.essays if e.slug == slug))))
            return self._doc_freq[slug][key] <= max(2, paragraphs // 8)
        return True

    # -- selection -------------------------------------------------------------------------
    def candidates(self, essay: Essay) -> list[Candidate]:
        pairs = []
        for paragraph in self._paragraphs(essay):
            for sentence in sentences(strip_markdown(paragraph.text)):
                words = len(sentence.split())
                if MIN_WORDS <= words <= MAX_WORDS and not sentence.endswith("?") and len(sentence) <= MAX_PROMPT_CHARS:
                    pairs.append((paragraph.number, sentence))
        if not pairs:
            return []
        vectors = np.asarray(self.encode([s for _, s in pairs]), dtype=np.float32)
        centroid = vectors.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        scores = vectors @ centroid
        # Central half of a long essay; a short essay keeps its central 80% or it yields too little.
        floor = float(np.percentile(scores, 50 if len(pairs) >= 60 else 20))
        out = [Candidate(essay, number, sentence, float(score)) for (number, sentence), score in zip(pairs, scores)
               if score >= floor]
        out.sort(key=lambda c: -c.centrality)
        return out

    def _best_term(self, candidate: Candidate, used: set[str]) -> Term | None:
        priority = {"money": 0, "percent": 0, "number": 0, "decade": 0, "year": 0, "quote": 1, "name": 2, "term": 3}
        terms = [t for t in extract_terms(candidate.sentence) if self._usable(t, candidate.essay.slug) and t.key not in used]
        terms.sort(key=lambda t: (priority[t.kind], -len(t.text)))
        for term in terms:
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
        order = np.argsort(-(vectors @ answer_vec))
        sentence_c = f" {canonical(sentence)} "
        chosen: list[str] = []
        for index in order:
            text = texts[int(index)]
            key = canonical(text)
            if key == term.key or f" {key} " in sentence_c:
                continue
            if _same_word(key, term.key) or any(_same_word(key, canonical(c)) for c in chosen):
                continue
            if float(vectors[int(index)] @ answer_vec) > 0.92:  # a synonym of the answer would also be right
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
        used: set[str] = set()
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
            used.add(term.key)
            prompts.add(key)
            accepted = _accepted_variants(term)
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
            if len(wrong) >= 2:
                choices = sorted([term.text, *wrong], key=lambda c: hashlib.sha1(c.encode()).hexdigest())
                out.append(QuizItem(id=_item_id(essay.slug, "m", prompt, term.text), kind="multiple_choice",
                                    choices=choices, **base))
        log.info("generated %d items for %s", len(out), essay.slug)
        return out


def _same_word(a: str, b: str) -> bool:
    """Near-duplicates or forms of one word ("transformed"/"transformation") are not distractors."""
    if re.search(r"\d", a) and re.search(r"\d", b):
        return a == b  # "1950s" and "1970s" look alike but are different answers
    if close_enough(a, b) or fuzz.ratio(a, b) >= 80 or a in b or b in a:
        return True
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 6 or prefix >= 0.7 * min(len(a), len(b))


def _accepted_variants(term: Term) -> list[str]:
    """Forms a learner may type for a blank: a person's surname; a sum without its dollar sign."""
    out = []
    words = term.text.split()
    if term.kind == "name" and len(words) >= 2 and all(w[:1].isupper() for w in words) and len(words[-1]) >= 4:
        if len(words) == 2 and words[0] not in ("United", "New", "Second", "First", "Cold", "Middle", "South", "North"):
            out.append(words[-1])
    if term.kind == "money":
        out.append(term.text.replace("$", "").strip() + " dollars")
    return out


def _item_id(slug: str, kind: str, prompt: str, answer: str) -> str:
    digest = hashlib.sha1(f"{prompt}\0{answer}".encode()).hexdigest()[:10]
    prefix = re.sub(r"[^a-z0-9]+", "-", slug.lower())[:24].strip("-") or "essay"
    return f"gen-{prefix}-{kind}{digest}"


def generated_status(require_approval: bool) -> str:
    """Generated items wait for a moderator's approval when the server's settings say so."""
    return "pending" if require_approval else "active"
