"""`Tutor`: the one object adapters call to answer a learner's question.

    answer = await core.tutor.ask("Why do libertarians dislike liberal hegemony?",
                                  guild_id=g, channel_id=c, user_id=u)
    answer.answer        # text to show (well under 2,000 characters)
    answer.citations     # [Citation(essay, title, author, paragraph, quote)]
    answer.abstained     # True when the essays do not cover the question
    answer.answer_id     # recorded in the progress store: attach feedback with it

Every answer is recorded (question, answer, citations, abstained, latency) and committed
before `ask` returns, so feedback on it can always be attached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable

import numpy as np

from bot.clock import Clock, SystemClock
from bot.config import TutorSettings
from bot.errors import UserError
from bot.prompts import PromptBook
from bot.retrieval import Hit, SearchResult
from bot.store import StoreUnavailable
from bot.text import truncate
from bot.tutor.abstain import Coverage, render_abstention, should_abstain
from bot.tutor.compose import MIN_WORDS, Quote, SentenceVectors, compose, paragraph_sentences
from bot.tutor.conversation import (MORE_WEIGHT, SHIFT_WEIGHT, Conversations, Kind, Turn, about_phrase, blend,
                                    classify, substitute)
from bot.tutor.generator import Generator, GeneratorError, Passage

log = logging.getLogger(__name__)

RETRIEVE_K = 5
MORE_CANDIDATES = 30  # paragraphs searched when a follow-up stays near the previous answer


@dataclass(frozen=True)
class Citation:
    essay: str
    title: str
    author: str
    paragraph: int
    quote: str

    def to_json(self) -> dict:
        return {"essay": self.essay, "title": self.title, "author": self.author,
                "paragraph": self.paragraph, "quote": self.quote}


@dataclass(frozen=True)
class TutorAnswer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    answer_id: int | None
    latency_ms: float
    best_cosine: float  # the evidence the abstention decision used ...
    coverage: float  # ... with this share of the question's words found in a top paragraph
    followup: Kind = "fresh"
    query: str = ""  # the standalone question retrieval used (differs for follow-ups)
    generated: bool = False
    hits: list[Hit] = field(default_factory=list, repr=False)

    def to_json(self) -> dict:
        return {
            "question": self.question, "answer": self.answer, "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations], "answer_id": self.answer_id,
            "followup": self.followup, "generated": self.generated,
            "best_cosine": round(float(self.best_cosine), 4), "coverage": round(float(self.coverage), 4),
            "latency_ms": round(float(self.latency_ms), 1),
        }


class Tutor:
    def __init__(self, library, embedder: Callable[[], Awaitable], store, prompts: PromptBook,
                 settings: TutorSettings, clock: Clock | None = None, *, generator: Generator | None = None):
        self.library = library
        self._embedder = embedder
        self.store = store
        self.t = prompts.section("tutor")
        self.settings = settings
        self.clock = clock or SystemClock()
        self.conversations = Conversations(self.clock, settings.conversation_idle_minutes)
        self.sentence_vectors = SentenceVectors(backing=getattr(library, "store", None))
        self.coverage = Coverage()
        if generator is None and settings.generator.enabled:
            generator = Generator(settings.generator, self.t)
        self.generator = generator

    async def warm(self, batch: int = 32) -> int:
        """Embed every essay sentence ahead of the first questions (from the cache when it can).

        Small batches keep the single model thread free for questions arriving meanwhile.
        Returns how many sentences are ready.
        """
        encoder = await self._embedder()
        texts = [s for e in list(self.library.essays.values()) for p in e.paragraphs for s in paragraph_sentences(p.text)]
        texts = texts[: self.sentence_vectors.capacity]  # beyond that the LRU would only churn
        for i in range(0, len(texts), batch):
            await self.sentence_vectors.encode(encoder, texts[i: i + batch])
        return len(texts)

    def forget(self, guild_id: int, channel_id: int, user_id: int) -> None:
        self.conversations.forget((guild_id, channel_id, user_id))

    async def ask(self, question: str, *, guild_id: int, user_id: int, channel_id: int = 0,
                  essay: str | None = None, record: bool = True) -> TutorAnswer:
        """Answer from the essays in the server's scope (guild 0: direct messages / the terminal).

        `channel_id` is the channel or thread: it keys the conversation with guild and user.
        Raises `UserError` for an empty or over-long question or an unknown essay.
        """
        question = self.library.validate_query(question)
        if essay is not None and self.library.get_essay(essay, guild_id) is None:
            raise UserError(f"no essay with the id '{essay}'; see the list of essays")
        retriever = await self.library.ensure_retriever()
        if retriever is None or not len(retriever):
            raise UserError("no essays are indexed yet; run `tutorbot ingest` (or ask a moderator to add one)")

        embedder = await self._embedder()
        # Latency counts answering, not the one-time model load and index build before the first answer.
        started = self.clock.monotonic()
        key = (guild_id, channel_id, user_id)
        previous = self.conversations.get(key)
        if previous is not None and essay is not None and previous.essay != essay:
            previous = None  # a different essay chosen explicitly: a new line of questions
        kind = classify(question, has_context=previous is not None)
        own = (await embedder.encode_async([question]))[0]

        exclude: frozenset = frozenset()
        topic = question  # what a later follow-up will say it follows
        if kind == "fresh" or previous is None:
            kind, query, qvec, scope = "fresh", question, own, essay
            result = retriever.search_vector(query, qvec, k=RETRIEVE_K, guild_id=guild_id, essay=scope)
        elif kind == "shift":
            scope = previous.essay
            phrase = about_phrase(question)
            rewritten = await substitute(embedder, previous.query, phrase) if phrase else None
            if rewritten:
                query, qvec, topic = rewritten, (await embedder.encode_async([rewritten]))[0], rewritten
            else:
                query, qvec = f"{previous.query} {question}", blend(own, previous.qvec, SHIFT_WEIGHT)
            result = retriever.search_vector(query, qvec, k=RETRIEVE_K, guild_id=guild_id, essay=scope)
        else:  # "more": stay with the paragraphs just discussed and their neighbours
            query, qvec, scope = previous.query, blend(own, previous.qvec, MORE_WEIGHT), previous.essay
            result = self._near_previous(retriever, query, qvec, guild_id, scope, previous)
            exclude, topic = previous.quoted, previous.question

        coverage = self.coverage.best(query, result.hits, list(self.library.essays.values()))
        abstained = kind != "more" and should_abstain(
            result.best_dense, coverage, threshold=self.settings.abstain_threshold, floor=self.settings.abstain_floor,
            min_coverage=self.settings.abstain_min_coverage,
        )
        quotes: list[Quote] = []
        generated = False
        if not abstained:
            text, quotes = await compose(
                self.t, embedder, self.sentence_vectors, qvec, result.hits, self._lookup,
                max_quotes=self.settings.max_quotes, max_chars=self.settings.max_answer_chars,
                followup_of=previous.question if kind != "fresh" and previous else None, exclude=exclude,
            )
            if not quotes and exclude:  # everything near was already quoted: say it again, briefly
                text, quotes = await compose(
                    self.t, embedder, self.sentence_vectors, qvec, result.hits, self._lookup,
                    max_quotes=1, max_chars=self.settings.max_answer_chars, followup_of=previous.question,
                )
            abstained = not quotes
        citations = [Citation(q.essay, q.title, q.author, q.paragraph, q.text) for q in quotes]
        if abstained:
            text = render_abstention(self.t, question, result.hits, self.library.essays_for(guild_id), self._lookup)
        elif self.generator is not None:
            generated_reply = await self._generate(query, result.hits, quotes)
            if generated_reply is not None:
                text, citations = generated_reply
                generated = True

        latency_ms = (self.clock.monotonic() - started) * 1000.0
        answer_id = None
        if record:
            try:
                answer_id = await self.store.record_answer(
                    guild_id, user_id, channel_id, question, text, [c.to_json() for c in citations], abstained, latency_ms,
                )
            except StoreUnavailable as exc:
                # A busy, read-only or full progress database must not stop the tutor answering:
                # the answer goes out without an id, so no feedback can be attached to it.
                log.warning("answer not recorded (guild %s): %s", guild_id, exc)
        if not abstained:
            quoted = {s.key for q in quotes for s in q.sentences} | (set(previous.quoted) if kind == "more" and previous else set())
            self.conversations.remember(key, Turn(
                question=topic, query=query, qvec=np.asarray(qvec, np.float32), essay=scope,
                paragraphs=tuple((c.essay, c.paragraph) for c in citations), quoted=frozenset(quoted),
                at=self.clock.monotonic(),
            ))
        elif kind == "fresh":
            self.conversations.forget(key)  # a new question replaces the old context even when unanswered
        log.info("answered in %.0f ms (abstained=%s, followup=%s, best cosine %.3f)", latency_ms, abstained, kind,
                 result.best_dense)
        return TutorAnswer(question, text, abstained, citations, answer_id, latency_ms, result.best_dense, coverage,
                           kind, query, generated, list(result.hits))

    def _lookup(self, slug: str):
        return self.library.essays.get(slug)

    def _near_previous(self, retriever, query: str, qvec: np.ndarray, guild_id: int, scope: str | None,
                       previous: Turn) -> SearchResult:
        """Retrieval limited to the previous answer's paragraphs and their neighbours."""
        wide = retriever.search_vector(query, qvec, k=MORE_CANDIDATES, guild_id=guild_id, essay=scope)
        cited = set(previous.paragraphs)
        unquoted = {(e, p) for e, p in cited if self._has_unquoted(e, p, previous.quoted)}
        # "why?" or "what does he mean?" is about the paragraphs just quoted: their other sentences
        # first; only when those are used up, the neighbouring paragraphs.
        near = unquoted or {(e, p + d) for e, p in cited for d in (-1, 1)}
        kept = [h for h in wide.hits if (h.essay, h.paragraph) in near]
        return SearchResult(wide.query, kept or wide.hits, wide.best_dense, qvec)

    def _has_unquoted(self, slug: str, number: int, quoted: frozenset) -> bool:
        essay = self._lookup(slug)
        para = essay.paragraph(number) if essay else None
        if para is None:
            return False
        parts = paragraph_sentences(para.text)
        return any((slug, number, i) not in quoted and len(s.split()) >= MIN_WORDS for i, s in enumerate(parts))

    async def _generate(self, question: str, hits: list[Hit], quotes: list[Quote]):
        passages = []
        for hit in hits[:3]:
            essay = self._lookup(hit.essay)
            para = essay.paragraph(hit.paragraph) if essay else None
            passages.append(Passage(hit.essay, hit.paragraph, hit.author, hit.title, para.text if para else hit.text))
        try:
            reply = await self.generator.generate(question, passages)
        except GeneratorError as exc:
            log.warning("generator unusable, using the composed answer: %s", exc)
            return None
        except Exception:  # noqa: BLE001 - a broken model server must never break an answer
            log.exception("generator failed, using the composed answer")
            return None
        by_para = {(q.essay, q.paragraph): q for q in quotes}
        citations, sources = [], []
        for slug, number in reply.cited:
            essay = self._lookup(slug)
            para = essay.paragraph(number) if essay else None
            quote = by_para[(slug, number)].text if (slug, number) in by_para else truncate(para.text if para else "", 300)
            citations.append(Citation(slug, essay.title, essay.author, number, quote))
            sources.append(self.t("generated_source", author=essay.author, short_title=essay.display_short_title,
                                  paragraph=number))
        sources_text = "; ".join(sources)
        room = self.settings.max_answer_chars - len(self.t("generated_answer", text="", sources=sources_text)) - 1
        return self.t("generated_answer", text=truncate(reply.text, max(100, room)), sources=sources_text), citations
