"""What every answer handler shares: search within a scope, the "is it covered" evidence,
sentence composition, quote layout, and the caches behind them.

One `Tools` object lives in the `Tutor`; handlers reach it through the question in flight
(`Ask.tools`). Keeping these here, not in the service, is what lets each answer kind be a
module of its own with one interface (`bot.tutor.handlers`).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import replace
from typing import Iterable, Sequence

import numpy as np

from bot.config import TutorSettings
from bot.corpus.argument import ArgumentMap
from bot.corpus.essay import Essay
from bot.index.retrieval import Hit, SearchResult
from bot.prompts import PromptSection
from bot.stopwords import CHAT_WORDS, FUNCTION_WORDS, QUESTION_WORDS
from bot.store import StoreUnavailable
from bot.text import strip_markdown, truncate
from bot.tutor.abstain import rare_terms, should_abstain
from bot.tutor.compose import (
    PASSAGE_CHARS,
    Focus,
    Quote,
    Sentence,
    SentenceVectors,
    compose,
    group_quotes,
    paragraph_sentences,
    phrases_of,
)
from bot.tutor.intent import content_words
from bot.tutor.scopes import Scope, stems
from bot.tutor.summaries import KeySentences
from bot.tutor.terms import missing_in

log = logging.getLogger(__name__)

RETRIEVE_K = 5
MEANING_MARGIN = 0.08  # how far above the threshold a passage must be to cover a topic in other words
QUERY_VECTORS = 512
PAIR_MIN_WORDS = 12  # a sentence shorter than this is no place where two essays meet (signposts)
FULL_COVERAGE = 0.99  # a top paragraph holds every word of the topic ...
SHORT_TOPIC_TERMS = 3  # ... and the topic is this short: covered, whatever the cosine
_NOT_A_TOPIC = {"what", "which", "who", "whom", "why", "how", "when", "where", "year", "his", "her", "their", "its",
                "he", "she", "they", "it", "i", "you", "me", "my", "your", "does", "did", "do", "is", "are", "was"}


def _around(scope: Scope, query: str, must: tuple[str, ...], cue: str | None) -> re.Pattern | None:
    """What a long quote is cut around: a name the question asks about, a figure for "how much",
    else the question's rarest word."""
    if must:
        return re.compile("|".join(re.escape(m) for m in must), re.I)
    if cue == "figure":
        return re.compile(r"[$€£]\s?\d|\d[\d,.]*\s?(?:%|percent|billion|million)?", re.I)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", query) if w.lower() not in FUNCTION_WORDS | QUESTION_WORDS]
    if not words:
        return None
    rarest = max(words, key=lambda w: max((scope.idf(t) for t in stems(w)), default=0.0))
    return re.compile(rf"\b{re.escape(rarest[:max(4, len(rarest) - 2)])}", re.I)


def role_lookup(maps: dict[str, ArgumentMap]):
    def role_of(slug: str, paragraph: int, index: int) -> str:
        found = maps.get(slug)
        return found.role(paragraph, index) if found else "background"
    return role_of


def link_lookup(maps: dict[str, ArgumentMap]):
    def links(slug: str, paragraph: int, index: int) -> list[tuple[str, int, int]]:
        found = maps.get(slug)
        sentence = found.get(paragraph, index) if found else None
        return [(slug, link.paragraph, link.index) for link in sentence.links] if sentence else []
    return links


class Tools:
    def __init__(self, library, store, t: PromptSection, settings: TutorSettings, sentence_vectors: SentenceVectors,
                 key_sentences: KeySentences, maps=None):
        self.library = library
        self.store = store
        self.t = t
        self.settings = settings
        self.sentence_vectors = sentence_vectors
        self.key_sentences = key_sentences
        self.maps = maps  # bot.tutor.maps.ArgumentMaps, or None
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # recent query texts (not persisted)
        self._fixed: dict[tuple[str, ...], np.ndarray] = {}  # the tutor's own fixed texts (`fixed_vectors`)
        # scope key -> (sentence keys, unit vectors, sentence texts)
        self._sentence_matrices: dict[tuple, tuple] = {}

    # -- vectors ----------------------------------------------------------------------------------
    async def vector(self, encoder, text: str) -> np.ndarray:
        """One text's vector; the same topic, term or rewrite within a few questions is encoded once."""
        vector = self._vectors.get(text)
        if vector is None:
            vector = np.asarray((await encoder.encode_async([text]))[0], np.float32)
            self._vectors[text] = vector
            if len(self._vectors) > QUERY_VECTORS:
                self._vectors.popitem(last=False)
        else:
            self._vectors.move_to_end(text)
        return vector

    async def fixed_vectors(self, encoder, texts: tuple[str, ...]) -> np.ndarray:
        """The vectors of a fixed set of the tutor's own texts (`bot.tutor.overall`'s requests),
        encoded once: kept apart from the query cache, which recent questions would evict them from."""
        vectors = self._fixed.get(texts)
        if vectors is None:
            vectors = self._fixed[texts] = np.asarray(await encoder.encode_async(list(texts)), np.float32)
        return vectors

    # -- essays -----------------------------------------------------------------------------------
    def lookup(self, slug: str) -> Essay | None:
        return self.library.essays.get(slug)

    def hit(self, slug: str, number: int) -> Hit:
        essay = self.lookup(slug)
        assert essay is not None, slug  # callers pass places of the essays in view
        para = essay.paragraph(number)
        assert para is not None, (slug, number)
        return Hit(essay=slug, title=essay.title, author=essay.author, paragraph=number, text=para.text, score=0.0,
                   dense=0.0, bm25=0.0, chunk_text=para.text, chunk_start=0, chunk_end=len(para.text))

    @staticmethod
    def surname_of(scope: Scope, quotes) -> str:
        """The author the quotes are from ("each author" when several)."""
        essays = list(dict.fromkeys(q.essay for q in quotes))
        return scope.surname(essays[0]) if len(essays) == 1 else "each author"

    @staticmethod
    def single(scope: Scope) -> list[str]:
        return [scope.essays[0].slug] if len(scope.essays) == 1 else []

    def example(self, scope: Scope) -> str:
        return self.t("suggest_summary", surname=scope.surname(scope.essays[0].slug)) if scope.essays else ""

    @staticmethod
    def example_essay(scope: Scope) -> str:
        return scope.surname(scope.essays[0].slug) if scope.essays else "the essay"

    async def items(self, guild_id: int) -> list[dict]:
        """Quiz items visible here, which `suggest` turns into questions (none if the store fails)."""
        try:
            return await self.store.list_items(guild_id)
        except StoreUnavailable:
            return []

    # -- search and evidence ------------------------------------------------------------------------
    def search(self, retriever, scope: Scope, query: str, qvec, guild_id: int, essays: Iterable[str] | None,
               k: int = RETRIEVE_K) -> SearchResult:
        metadata = [(slug, n) for slug, numbers in scope.metadata.items() for n in numbers]
        return retriever.search_vector(query, qvec, k=k, guild_id=guild_id,
                                       essays=list(essays) if essays is not None else None,
                                       exclude_paragraphs=metadata)

    def evidence(self, scope: Scope, query: str, result: SearchResult,
                 essays: Sequence[str] | None = None) -> tuple[bool, float]:
        """Whether the searched essays cover the question, and the coverage seen.

        Besides the cosine-and-coverage rule (`abstain`), words decide two cases a cosine
        cannot: a short topic whose every word a top paragraph holds ("offshore balancing?")
        is covered, and so is a question naming a rare term those paragraphs hold; but when the
        question is scoped to `essays` and names a distinctive term other essays use and these
        never do ("what does Rana think about offshore balancing?"), they do not cover it."""
        places = [(h.essay, h.paragraph) for h in result.hits[:3]]
        coverage = scope.coverage(query, places)
        if essays is not None and missing_in(scope, query, essays) and \
                result.best_dense < self.settings.abstain_threshold + MEANING_MARGIN:
            # The question uses another essay's term; this one is silent on it, unless it
            # discusses the same thing in its own words (a passage well above the threshold).
            return False, coverage
        if self.shares_phrase(scope, query, places):
            return True, max(coverage, self.settings.abstain_min_coverage)
        if not should_abstain(result.best_dense, coverage, threshold=self.settings.abstain_threshold,
                              floor=self.settings.abstain_floor, min_coverage=self.settings.abstain_min_coverage):
            return True, coverage
        if coverage >= FULL_COVERAGE and 0 < len(scope.topic_weights(query)) <= SHORT_TOPIC_TERMS:
            return True, coverage
        rare = rare_terms(scope, query)
        return bool(rare and any(rare & scope.paragraph_stems(*p) for p in places)), coverage

    @staticmethod
    def shares_phrase(scope: Scope, query: str, places) -> bool:
        """A run of two or more of the question's content words, word for word, in a top paragraph
        ("client states", "security budget"): strong evidence, whatever the cosine of the rest."""
        from bot.tutor.terms import phrase_pattern
        for phrase in phrases_of(query, FUNCTION_WORDS | QUESTION_WORDS | CHAT_WORDS):
            words = phrase.split()
            if len(words) < 2 or all(scope.document_frequency(t) > scope.paragraphs // 4 for t in stems(phrase)):
                continue  # "foreign policy" is everywhere: it says nothing about one passage
            pattern = phrase_pattern(phrase)
            if any(pattern.search(scope.normalised.get(place, "")) for place in places):
                return True
        return False

    async def sentence_search(self, encoder, scope: Scope, qvec, essays: Iterable[str] | None = None,
                              k: int = 3) -> list[tuple[float, str, int, int]]:
        """The sentences of the scope closest to the question: (cosine, essay, paragraph, index).

        Retrieval ranks paragraphs, and a long paragraph whose one sentence answers the question
        can rank below a short one that only shares its words ("lack a well-developed
        foreign-policy platform" is one sentence of five). Every sentence vector is already
        computed (`Tutor.warm`), so this is one matrix product per question."""
        keys, matrix, _ = await self._sentence_matrix(encoder, scope)
        if not keys:
            return []
        allowed = set(essays) if essays is not None else None
        cosines = matrix @ np.asarray(qvec, np.float32)
        order = np.argsort(-cosines)
        out = []
        for row in order:
            slug, number, index = keys[int(row)]
            if allowed is not None and slug not in allowed:
                continue
            out.append((float(cosines[int(row)]), slug, number, index))
            if len(out) >= k:
                break
        return out

    async def _sentence_matrix(self, encoder, scope: Scope):
        cached = self._sentence_matrices.get(scope.key)
        if cached is not None:
            return cached
        rows = [(e.slug, p.number, i, text) for e in scope.essays for p in e.paragraphs
                if not scope.is_metadata(e.slug, p.number) for i, text in enumerate(paragraph_sentences(p.text))
                if len(text.split()) >= 4]
        vectors = await self.sentence_vectors.encode(encoder, [strip_markdown(r[3]) for r in rows]) if rows else None
        found = ([r[:3] for r in rows], np.asarray(vectors, np.float32) if vectors is not None else None,
                 [r[3] for r in rows])
        self._sentence_matrices[scope.key] = found
        while len(self._sentence_matrices) > 16:
            self._sentence_matrices.pop(next(iter(self._sentence_matrices)))
        return found

    async def closest_pair(self, encoder, scope: Scope, first: str, second: str,
                           min_words: int = PAIR_MIN_WORDS) -> tuple[Sentence, Sentence] | None:
        """The sentence of `first` and the sentence of `second` closest in meaning: where two essays
        come nearest each other. Signposts ("Now the strongest objection, which I accept in part.")
        are alike across essays built the same way and say nothing, so only sentences of
        `min_words` words or more count."""
        keys, matrix, texts = await self._sentence_matrix(encoder, scope)
        if matrix is None:
            return None
        rows_a = [i for i, k in enumerate(keys) if k[0] == first and len(texts[i].split()) >= min_words]
        rows_b = [i for i, k in enumerate(keys) if k[0] == second and len(texts[i].split()) >= min_words]
        if not rows_a or not rows_b:
            return None
        cosines = matrix[rows_a] @ matrix[rows_b].T
        x, y = np.unravel_index(int(np.argmax(cosines)), cosines.shape)
        cosine = float(cosines[x, y])
        a, b = rows_a[x], rows_b[y]
        (sa, pa, ia), (sb, pb, ib) = keys[a], keys[b]
        return (Sentence(sa, pa, ia, texts[a], 0, cosine, cosine), Sentence(sb, pb, ib, texts[b], 0, cosine, cosine))

    # -- composing --------------------------------------------------------------------------------
    async def compose(self, scope: Scope, encoder, qvec, hits: Sequence[Hit], query: str, *, cue: str | None = None,
                      followup_of: str | None = None, exclude: Iterable = (), max_quotes: int | None = None,
                      max_chars: int | None = None, focus_on: str | None = None, roles: tuple[str, ...] = (),
                      must: tuple[str, ...] = (), passage: bool = False) -> tuple[str, list[Quote]]:
        weights = scope.weights(query)
        for term in stems(focus_on or ""):
            weights[term] = 3 * weights.get(term, scope.idf(term))
        maps = await self.maps_for(encoder, {h.essay for h in hits})
        around = _around(scope, query, must, cue)
        return await compose(
            self.t, encoder, self.sentence_vectors, qvec, hits, self.lookup,
            max_quotes=max_quotes or self.settings.max_quotes, max_chars=max_chars or self.settings.max_answer_chars,
            followup_of=followup_of, exclude=exclude, tokens=stems, passage=PASSAGE_CHARS if passage else 0,
            focus=Focus(weights, cue, phrases_of(query, FUNCTION_WORDS | QUESTION_WORDS), roles=roles,
                        role_of=role_lookup(maps), links=link_lookup(maps), must=must, around=around),
        )

    async def maps_for(self, encoder, slugs: Iterable[str]) -> dict[str, ArgumentMap]:
        """The argument maps of these essays (built once per essay version)."""
        if self.maps is None:
            return {}
        out = {}
        for slug in slugs:
            essay = self.lookup(slug)
            if essay is not None:
                out[slug] = await self.maps.of(essay, encoder)
        return out

    def quote_line(self, q: Quote) -> str:
        return self.t("quote", quote=q.text, author=q.author, short_title=q.short_title, paragraph=q.paragraph,
                      essay=q.essay)

    def fit_quotes(self, lines: list[str], sentences: list[Sentence]) -> list[Quote]:
        """One quote per sentence, dropping the last ones until the answer fits."""
        budget = self.settings.max_answer_chars - sum(len(x) + 2 for x in lines)
        per = max(120, budget // max(1, len(sentences)) - 60)
        quotes = [group_quotes([replace(s, text=truncate(s.text, per))], self.lookup)[0] for s in sentences]
        while len(quotes) > 1 and sum(len(self.quote_line(q)) + 2 for q in quotes) > budget:
            quotes.pop()
        return quotes

    @staticmethod
    def display_topic(query: str) -> str:
        """The topic as a learner would read it in "Walt's essay doesn't discuss …" ("" if unclear)."""
        topic = re.sub(r"^\s*(?:what|who|which|how|why|when|where|is|are|does|do|did)\b.*?\b(?:about|of|on)\s+", "",
                       query.strip(), flags=re.I)
        topic = topic.strip(" ?!.")
        words = topic.split()
        # Only a phrase that reads as a topic: no question words or pronouns left over.
        if not words or len(words) > 6 or not content_words(topic) or {w.lower() for w in words} & _NOT_A_TOPIC:
            return ""
        return topic
