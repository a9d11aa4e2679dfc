"""`Tutor`: the one object adapters call to answer a learner's question.

    answer = await core.tutor.ask("what does walt say about the national security state",
                                  guild_id=g, channel_id=c, user_id=u)
    answer.answer        # text to show (well under 2,000 characters)
    answer.kind          # answer, summary, comparison, definition, paragraph, author,
                         # not_covered, not_in_named_essay or language
    answer.citations     # [Citation(essay, title, author, paragraph, quote)]
    answer.abstained     # True when the essays do not cover the question
    answer.answer_id     # recorded in the progress store: attach feedback with it

How a question is understood, in order (each step in its own module):
1. no words at all ("🤔") is a one-line prompt to ask a question; another language is one line
   saying the tutor reads English (`language`), never "not covered";
2. typos are corrected towards the essays' words (`vocabulary`), and what was searched is shown;
3. essays named by author, title or "the other essay" scope the question (`scope`);
4. follow-ups are recognised against the last answer (`conversation`);
5. the kind of answer is chosen (`intent`) and given its own shape: key sentences for a summary
   (`summaries`), one quote per essay for a comparison, the term's passages for a definition
   (`terms`), the paragraph itself, the author's bio, or cited sentences for everything else
   (`compose`), with "not covered" decided per scope (`abstain`) and refusals that suggest
   questions the essays do answer (`suggest`).

Every answer is recorded (question, answer, citations, abstained, latency) and committed
before `ask` returns, so feedback on it can always be attached.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Awaitable, Callable, Iterable, Sequence

import numpy as np

from bot.clock import Clock, SystemClock
from bot.config import TutorSettings
from bot.corpus.essay import Essay
from bot.errors import UserError
from bot.prompts import PromptBook
from bot.retrieval import Hit, SearchResult
from bot.stopwords import CHAT_WORDS, FUNCTION_WORDS, QUESTION_WORDS
from bot.store import StoreUnavailable
from bot.text import excerpt, strip_markdown, truncate
from bot.tutor.abstain import rare_terms, render_abstention, should_abstain
from bot.tutor.compose import (MAX_SENTENCE_CHARS, MIN_WORDS, Focus, Quote, Sentence, SentenceVectors, compose,
                               group_quotes, paragraph_sentences, phrases_of, render_answer)
from bot.tutor.conversation import (MORE_WEIGHT, SHIFT_WEIGHT, Conversations, Turn, about_phrase, blend, followup,
                                    substitute)
from bot.tutor.generator import Generator, GeneratorError, Passage
from bot.tutor.intent import PROBLEM, ParagraphRef, Understood, classify, content_words
from bot.tutor.language import foreign_language
from bot.tutor.scope import Mention, topic_of
from bot.tutor.scopes import Scope, Scopes, stems
from bot.tutor.summaries import KeySentences
from bot.tutor.terms import close_forms, find_term, missing_in, phrase_pattern, sentence_has_term
from bot.tutor.vocabulary import Correction

log = logging.getLogger(__name__)

RETRIEVE_K = 5
QUERY_VECTORS = 512
MORE_CANDIDATES = 30  # paragraphs searched when a follow-up stays near the previous answer
MAX_SCOPED_ESSAYS = 4  # essays a summary, comparison or author answer covers at most
DEFINITION_QUOTES = 2
DEFINITION_FLOOR = 0.1  # a second definition quote must score within this of the first
DEFINITION_CUE_BONUS = 0.1  # "what I call …", "defined as", a dash or quotation marks around the term
FIRST_USE_BONUS = 0.05  # where an essay first uses a term is where it usually introduces it
EXAMPLE_QUOTES = 2
EXAMPLE_WEIGHT = 0.08  # per sign of an example in a sentence (up to three)
SIMPLER_SHARE = 0.8  # the shortest sentence at least this close to the question as the best one
FULL_COVERAGE = 0.99  # a top paragraph holds every word of the topic ...
SHORT_TOPIC_TERMS = 3  # ... and the topic is this short: covered, whatever the cosine
_COMPARE_WORDS = {
    "compare", "comparing", "comparison", "contrast", "contrasting", "differ", "differs", "difference",
    "differences", "different", "similar", "similarity", "similarities", "versus", "vs", "both", "each", "between",
    "agree", "agrees", "disagree", "disagrees", "common", "side", "two", "essays", "authors", "writers", "see",
    "view", "views", "talk", "talks", "think", "thinks", "approach", "approaches", "treat", "treats", "handle",
    "position", "positions", "stance", "stances", "take", "takes", "discuss", "discusses", "each", "other",
}
_NOT_A_TOPIC = {"what", "which", "who", "whom", "why", "how", "when", "where", "year", "his", "her", "their", "its",
                "he", "she", "they", "it", "i", "you", "me", "my", "your", "does", "did", "do", "is", "are", "was"}
_REFERENTIAL = {"it", "its", "that", "this", "those", "these", "they", "them", "he", "she", "him", "her", "same",
                "there", "then"}


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
    followup: str = "fresh"
    query: str = ""  # the standalone question retrieval used (differs for follow-ups)
    generated: bool = False
    hits: list[Hit] = field(default_factory=list, repr=False)
    kind: str = "answer"
    searched_for: str | None = None  # the question with its typos corrected, when any were

    def to_json(self) -> dict:
        out = {
            "question": self.question, "answer": self.answer, "abstained": self.abstained, "kind": self.kind,
            "citations": [c.to_json() for c in self.citations], "answer_id": self.answer_id,
            "followup": self.followup, "generated": self.generated,
            "best_cosine": round(float(self.best_cosine), 4), "coverage": round(float(self.coverage), 4),
            "latency_ms": round(float(self.latency_ms), 1),
        }
        if self.searched_for:
            out["searched_for"] = self.searched_for
        return out


@dataclass
class _Reply:
    """What one answer shape produced, before it is recorded and remembered."""

    text: str
    kind: str
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] | None = None  # None: one per quote
    abstained: bool = False
    hits: list[Hit] = field(default_factory=list)
    best: float = 0.0
    coverage: float = 0.0
    query: str = ""
    qvec: np.ndarray | None = None
    essays: tuple[str, ...] | None = None
    topic: str = ""
    slot: str = ""
    remember: bool = True

    def cited(self) -> list[Citation]:
        if self.citations is not None:
            return self.citations
        return [Citation(q.essay, q.title, q.author, q.paragraph, q.text) for q in self.quotes]


@dataclass
class _Ask:
    """One question in flight: what every shape needs to know about it."""

    text: str  # spelling corrected
    scope: Scope
    guild_id: int
    encoder: object
    qvec: np.ndarray
    previous: Turn | None
    mentions: list[Mention]
    named: list[str]  # essays the question (or the explicit essay option) names
    understood: Understood
    follow: str


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
        self.scopes = Scopes()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # recent query texts (not persisted)
        self.key_sentences = KeySentences(self.sentence_vectors)
        if generator is None and settings.generator.enabled:
            generator = Generator(settings.generator, self.t)
        self.generator = generator

    # -- start-up and reading -------------------------------------------------------------------
    async def warm(self, batch: int = 32) -> int:
        """Embed every essay sentence ahead of the first questions (from the cache when it can),
        and choose each essay's key sentences. Small batches keep the model free for questions
        arriving meanwhile. Returns how many sentences are ready."""
        encoder = await self._embedder()
        essays = list(self.library.essays.values())
        texts = [strip_markdown(s) for e in essays for p in e.paragraphs for s in paragraph_sentences(p.text)]
        texts = texts[: self.sentence_vectors.capacity]  # beyond that the LRU would only churn
        for i in range(0, len(texts), batch):
            await self.sentence_vectors.encode(encoder, texts[i: i + batch])
        for essay in essays:
            await self.key_sentences.of(essay, encoder)
        return len(texts)

    async def essay_blurbs(self, guild_id: int) -> list[tuple[Essay, str]]:
        """Each essay a server sees with one line saying what it argues (`/essays`)."""
        encoder = await self._embedder()
        return [(e, await self.key_sentences.blurb(e, encoder)) for e in self.library.essays_for(guild_id)]

    def forget(self, guild_id: int, channel_id: int, user_id: int) -> None:
        self.conversations.forget((guild_id, channel_id, user_id))

    async def read_paragraph(self, essay: str, number: int, *, guild_id: int) -> TutorAnswer:
        """One paragraph, cited (`/read` on Discord and in the chat, the "Read ¶N" button).

        `essay` is an essay id, an unambiguous id prefix, or its author's name."""
        scope = await self.scopes.get(self.library.essays_for(guild_id))
        slug = self.resolve_essay(scope, essay)
        reply = self._paragraph(scope, [slug], ParagraphRef(number))
        return TutorAnswer(f"{slug} ¶{number}", reply.text, False, reply.cited(), None, 0.0, 1.0, 1.0,
                           kind="paragraph")

    def resolve_essay(self, scope: Scope, name: str) -> str:
        name = name.strip()
        if name in scope.by_slug:
            return name
        named = scope.names.named(name)
        prefixed = [s for s in scope.by_slug if s.startswith(name.lower())] if name else []
        found = list(dict.fromkeys(named + prefixed))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UserError(f"'{name}' could mean {', '.join(found)}; give the essay id")
        raise UserError(f"no essay '{name}' here; see the list of essays")

    # -- answering ------------------------------------------------------------------------------
    async def ask(self, question: str, *, guild_id: int, user_id: int, channel_id: int = 0,
                  essay: str | None = None, record: bool = True) -> TutorAnswer:
        """Answer from the essays in the server's scope (guild 0: direct messages / the terminal).

        `channel_id` is the channel or thread: it keys the conversation with guild and user.
        `essay` restricts the answer to one essay, as if the question named it.
        Raises `UserError` for an empty, word-less or over-long question or an unknown essay.
        """
        question = self.library.validate_query(question)
        if essay is not None and self.library.get_essay(essay, guild_id) is None:
            raise UserError(f"no essay with the id '{essay}'; see the list of essays")
        retriever = await self.library.ensure_retriever()
        if retriever is None or not len(retriever):
            raise UserError("no essays are available here yet; a moderator can add one with /essay add")
        scope = await self.scopes.get(self.library.essays_for(guild_id))
        if not any(ch.isalnum() for ch in question):
            raise UserError(self.t("no_words", example=self._example(scope)))
        await self.library.prepare_scope(guild_id)
        encoder = await self._embedder()
        # Latency counts answering, not the one-time model load and index build before the first answer.
        started = self.clock.monotonic()
        key = (guild_id, channel_id, user_id)
        previous = self.conversations.get(key)
        if previous is not None and essay is not None and previous.essays != (essay,):
            previous = None  # a different essay chosen explicitly: a new line of questions

        correction: Correction | None = None
        follow = "fresh"
        language = foreign_language(question, scope.vocabulary)
        if language is not None:
            reply = _Reply(self.t("language", language=language, example=self._example(scope)), "language",
                           abstained=True, remember=False)
        else:
            correction = scope.vocabulary.correct(question)
            ask = await self._understand(correction.text, scope, guild_id, encoder, previous, essay)
            follow = ask.follow
            reply = await self._reply(ask, retriever)
            if correction.changed:
                reply.text = self.t("searched_for", query=correction.text) + "\n\n" + reply.text
        generated = False
        if reply.kind == "answer" and not reply.abstained and self.generator is not None and reply.qvec is not None:
            generated_reply = await self._generate(reply.query, reply.hits, reply.quotes)
            if generated_reply is not None:
                reply.text, reply.citations = generated_reply
                generated = True
        citations = reply.cited()

        latency_ms = (self.clock.monotonic() - started) * 1000.0
        answer_id = None
        if record:
            try:
                answer_id = await self.store.record_answer(
                    guild_id, user_id, channel_id, question, reply.text, [c.to_json() for c in citations],
                    reply.abstained, latency_ms,
                )
            except StoreUnavailable as exc:
                # A busy, read-only or full progress database must not stop the tutor answering:
                # the answer goes out without an id, so no feedback can be attached to it.
                log.warning("answer not recorded (guild %s): %s", guild_id, exc)
        self._remember(key, reply, citations, follow, previous)
        log.info("answered in %.0f ms (kind=%s, abstained=%s, followup=%s, best cosine %.3f)", latency_ms, reply.kind,
                 reply.abstained, follow, reply.best)
        return TutorAnswer(question, reply.text, reply.abstained, citations, answer_id, latency_ms, reply.best,
                           reply.coverage, follow, reply.query, generated, list(reply.hits), reply.kind,
                           correction.text if correction and correction.changed else None)

    def _remember(self, key, reply: _Reply, citations: list[Citation], follow: str, previous: Turn | None) -> None:
        if not reply.remember:
            return
        if reply.abstained and reply.kind == "not_covered":
            if follow == "fresh":
                self.conversations.forget(key)  # a new question replaces the old context even when unanswered
            return
        quoted = {s.key for q in reply.quotes for s in q.sentences}
        if follow in ("more", "example", "simpler") and previous is not None:
            quoted |= set(previous.quoted)
        qvec = reply.qvec if reply.qvec is not None else (previous.qvec if previous else None)
        if qvec is None:
            return
        self.conversations.remember(key, Turn(
            question=reply.query, query=reply.query, qvec=np.asarray(qvec, np.float32), essays=reply.essays,
            paragraphs=tuple((c.essay, c.paragraph) for c in citations) or (previous.paragraphs if previous else ()),
            quoted=frozenset(quoted), at=self.clock.monotonic(), kind=reply.kind, topic=reply.topic, slot=reply.slot,
        ))

    async def _understand(self, text: str, scope: Scope, guild_id: int, encoder, previous: Turn | None,
                          essay: str | None) -> _Ask:
        mentions = [m for m in scope.names.find(text) if not m.slug or m.slug in scope.by_slug]
        named = list(dict.fromkeys(m.slug for m in mentions if m.slug))
        if essay is not None and not named:
            named = [essay]
        understood = classify(text, mentions, len(scope.essays))
        topic = topic_of(text, mentions)
        topic_words = [w for w in content_words(topic) if w not in _REFERENTIAL]
        # A summary, comparison, paragraph or author question stands alone; without a name it is
        # about the essay the conversation was on ("tl;dr his whole essay").
        self_contained = understood.intent in ("summary", "comparison", "paragraph", "author")
        follow = followup(text, has_context=previous is not None, named=len(named),
                          other=any(m.how == "other" for m in mentions), topic_words=len(topic_words),
                          self_contained=self_contained)
        qvec = await self._vector(encoder, topic or text)
        return _Ask(text, scope, guild_id, encoder, qvec, previous, mentions, named, understood, follow)

    async def _reply(self, ask: _Ask, retriever) -> _Reply:
        previous, scope = ask.previous, ask.scope
        if ask.follow == "other" and previous is not None:
            return await self._same_elsewhere(ask, retriever, self._others(scope, previous))
        if ask.follow == "switch" and previous is not None:
            return await self._same_elsewhere(ask, retriever, ask.named)
        if ask.follow == "example" and previous is not None:
            return await self._example_followup(ask)
        if ask.follow == "simpler" and previous is not None:
            return await self._simpler_followup(ask)
        if ask.follow in ("more", "shift") and previous is not None:
            return await self._continue(ask, retriever)
        intent = ask.understood.intent
        named = ask.named or (self._context_essays(previous) if intent in ("summary", "paragraph", "author") else [])
        if intent == "paragraph":
            return self._paragraph(scope, named or self._single(scope), ask.understood.paragraph)
        if intent == "author":
            return self._author(scope, named or [e.slug for e in scope.essays], ask.text, ask.qvec)
        if intent == "summary":
            return await self._summary(scope, named or [e.slug for e in scope.essays], ask.encoder, ask.qvec)
        if intent == "comparison":
            return await self._compare(ask, retriever, ask.named if len(ask.named) >= 2 else [e.slug for e in scope.essays])
        strict = False
        if intent == "definition" and ask.understood.term:
            found = await self._define(ask, ask.understood.term, ask.named or None)
            if found is not None:
                return found
            strict = True  # "what is X?" and the essays never say X: closeness in meaning is not enough
        query = _without_chat(topic_of(ask.text, ask.mentions) if ask.mentions else ask.text)
        return await self._cited(ask, retriever, query or ask.text, ask.qvec, ask.named or None,
                                 cue=_cue(ask.text, intent), strict=strict)

    # -- cited answers and "not covered" ----------------------------------------------------------
    def _search(self, retriever, scope: Scope, query: str, qvec, guild_id: int, essays: Iterable[str] | None,
                k: int = RETRIEVE_K) -> SearchResult:
        metadata = [(slug, n) for slug, numbers in scope.metadata.items() for n in numbers]
        return retriever.search_vector(query, qvec, k=k, guild_id=guild_id,
                                       essays=list(essays) if essays is not None else None,
                                       exclude_paragraphs=metadata)

    def _evidence(self, scope: Scope, query: str, result: SearchResult,
                  essays: Sequence[str] | None = None) -> tuple[bool, float]:
        """Whether the searched essays cover the question, and the coverage seen.

        Besides the cosine-and-coverage rule (`abstain`), words decide two cases a cosine
        cannot: a short topic whose every word a top paragraph holds ("offshore balancing?")
        is covered, and so is a question naming a rare term those paragraphs hold; but when the
        question is scoped to `essays` and names a distinctive term other essays use and these
        never do ("what does Rana think about offshore balancing?"), they do not cover it."""
        places = [(h.essay, h.paragraph) for h in result.hits[:3]]
        coverage = scope.coverage(query, places)
        if essays is not None and missing_in(scope, query, essays):
            return False, coverage
        if not should_abstain(result.best_dense, coverage, threshold=self.settings.abstain_threshold,
                              floor=self.settings.abstain_floor, min_coverage=self.settings.abstain_min_coverage):
            return True, coverage
        if coverage >= FULL_COVERAGE and 0 < len(scope.weights(query)) <= SHORT_TOPIC_TERMS:
            return True, coverage
        rare = rare_terms(scope, query)
        return bool(rare and any(rare & scope.paragraph_stems(*p) for p in places)), coverage

    async def _cited(self, ask: _Ask, retriever, query: str, qvec, essays: list[str] | None, *,
                     cue: str | None = None, followup_of: str | None = None, focus_on: str | None = None,
                     strict: bool = False) -> _Reply:
        """A cited answer, or "not covered". `focus_on` is the word a follow-up put in ("and the
        realists?"): paragraphs that hold it come first and its weight in a quote triples.
        `strict`: the question's words must be in a top passage, whatever the cosine."""
        scope = ask.scope
        result = self._search(retriever, scope, query, qvec, ask.guild_id, essays,
                              k=RETRIEVE_K * 2 if focus_on else RETRIEVE_K)
        if focus_on:
            wanted = set(stems(focus_on))
            holding = [h for h in result.hits if wanted <= scope.paragraph_stems(h.essay, h.paragraph)]
            result.hits = (holding + [h for h in result.hits if h not in holding])[:RETRIEVE_K]
        covered, coverage = self._evidence(scope, query, result, essays)
        if strict and coverage < self.settings.abstain_min_coverage:
            covered = False
        scoped = tuple(essays) if essays else None
        if covered:
            text, quotes = await self._compose(scope, ask.encoder, qvec, result.hits, query, cue=cue,
                                               followup_of=followup_of, focus_on=focus_on)
            if quotes:
                return _Reply(text, "answer", quotes, hits=result.hits, best=result.best_dense, coverage=coverage,
                              query=query, qvec=qvec, essays=scoped, topic=query)
        if len(scope.weights(query)) <= SHORT_TOPIC_TERMS:
            # A short topic the searched essays use as a term is answered where they use it,
            # however low the cosine ("what does rana say abt bosnia" -> "Bosnians").
            used = await self._define(ask, query, essays)
            if used is not None:
                used.kind = "answer"
                return used
        if essays:
            return await self._not_in_named(ask, retriever, query, qvec, essays, result, coverage)
        items = await self._items(ask.guild_id)
        return _Reply(render_abstention(self.t, scope, result.hits, result.best_dense, items), "not_covered",
                      abstained=True, hits=result.hits, best=result.best_dense, coverage=coverage, query=query,
                      qvec=qvec, essays=scoped, topic=query)

    async def _not_in_named(self, ask: _Ask, retriever, query: str, qvec, essays: Sequence[str],
                            result: SearchResult, coverage: float) -> _Reply:
        """The named essay is silent: say so first, then what another essay says, under its author."""
        scope = ask.scope
        topic = self._display_topic(query)
        names = " and ".join(scope.surname(s) for s in essays)
        lead = self.t("not_in_named", surname=names, topic=topic) if topic else self.t("not_in_named_that",
                                                                                      surname=names)
        others = [e.slug for e in scope.essays if e.slug not in essays]
        # Offer what the essays that use the question's own terms say ("offshore balancing" is
        # Walt's phrase; Rana's "balancing act" is not an answer about it).
        holders = {o.essay for term in missing_in(scope, query, essays) for o in find_term(scope, term, others)}
        others = [slug for slug in others if slug in holders] or others
        if others:
            elsewhere = self._search(retriever, scope, query, qvec, ask.guild_id, others)
            covered, _ = self._evidence(scope, query, elsewhere, others)
            if covered:
                text, quotes = await self._compose(scope, ask.encoder, qvec, elsewhere.hits, query)
                if quotes:
                    offer = self.t("not_in_named_offer", other=" and ".join(
                        dict.fromkeys(scope.surname(q.essay) for q in quotes)))
                    return _Reply(f"{lead} {offer}\n\n{text}", "not_in_named_essay", quotes, hits=elsewhere.hits,
                                  best=result.best_dense, coverage=coverage, query=query, qvec=qvec,
                                  essays=tuple(essays), topic=query)
            lead = f"{lead} {self.t('not_in_named_nowhere')}"
        text = render_abstention(self.t, scope, result.hits, result.best_dense, await self._items(ask.guild_id),
                                 lead=lead)
        return _Reply(text, "not_in_named_essay", abstained=True, hits=result.hits, best=result.best_dense,
                      coverage=coverage, query=query, qvec=qvec, essays=tuple(essays), topic=query)

    async def _compose(self, scope: Scope, encoder, qvec, hits: Sequence[Hit], query: str, *, cue: str | None = None,
                       followup_of: str | None = None, exclude: Iterable = (), max_quotes: int | None = None,
                       max_chars: int | None = None, focus_on: str | None = None) -> tuple[str, list[Quote]]:
        weights = scope.weights(query)
        for term in stems(focus_on or ""):
            weights[term] = 3 * weights.get(term, scope.idf(term))
        return await compose(
            self.t, encoder, self.sentence_vectors, qvec, hits, self._lookup,
            max_quotes=max_quotes or self.settings.max_quotes, max_chars=max_chars or self.settings.max_answer_chars,
            followup_of=followup_of, exclude=exclude, tokens=stems,
            focus=Focus(weights, cue, phrases_of(query, FUNCTION_WORDS | QUESTION_WORDS)),
        )

    # -- follow-ups ---------------------------------------------------------------------------------
    @staticmethod
    def _context_essays(previous: Turn | None) -> list[str]:
        """The essay a conversation is on: the one it was scoped to, or the one it quoted."""
        if previous is None:
            return []
        if previous.essays:
            return list(previous.essays)
        quoted = list(dict.fromkeys(e for e, _ in previous.paragraphs))
        return quoted if len(quoted) == 1 else []

    def _others(self, scope: Scope, previous: Turn) -> list[str]:
        """"The other essay": those the last answer was not scoped to (or did not quote)."""
        last = set(previous.essays or ()) or {e for e, _ in previous.paragraphs}
        others = [e.slug for e in scope.essays if e.slug not in last]
        return others or [e.slug for e in scope.essays]

    async def _same_elsewhere(self, ask: _Ask, retriever, essays: list[str]) -> _Reply:
        """The previous question, with the same answer shape, in other essays."""
        previous = ask.previous
        assert previous is not None
        if previous.kind == "summary":
            return await self._summary(ask.scope, essays, ask.encoder, previous.qvec)
        if previous.kind == "definition" and previous.topic:
            found = await self._define(ask, previous.topic, essays)
            if found is not None:
                return found
        query = previous.topic or previous.query
        qvec = await self._vector(ask.encoder, query)
        return await self._cited(ask, retriever, query, qvec, essays)

    async def _continue(self, ask: _Ask, retriever) -> _Reply:
        """"why?", "and the socialists?", "what does he want?": within the last answer's scope."""
        previous = ask.previous
        assert previous is not None
        scope = ask.scope
        essays = list(previous.essays) if previous.essays else None
        if ask.follow == "shift":
            phrase = about_phrase(ask.text)
            if previous.kind == "comparison":
                topic = re.sub(r"^(?:on|about|re|regarding|for)\s+", "", phrase or " ".join(content_words(ask.text)))
                return await self._compare(ask, retriever, list(essays or [e.slug for e in scope.essays]), topic)
            rewritten = None
            if phrase and previous.slot and re.search(rf"\b{re.escape(previous.slot)}\b", previous.query, re.I):
                # "and the socialists?" then "and the realists?": the same slot, filled anew
                rewritten = re.sub(rf"\b{re.escape(previous.slot)}\b", phrase, previous.query, count=1, flags=re.I)
            elif phrase:
                rewritten = await substitute(ask.encoder, previous.query, phrase)
            if rewritten:
                query, qvec = rewritten, await self._vector(ask.encoder, rewritten)
            else:
                query, qvec = f"{previous.query} {ask.text}", blend(ask.qvec, previous.qvec, SHIFT_WEIGHT)
            cue = _cue(query, classify(query, [], len(scope.essays)).intent)
            reply = await self._cited(ask, retriever, query, qvec, essays, followup_of=previous.question, cue=cue,
                                      focus_on=phrase if rewritten else None)
            if rewritten is None:
                reply.topic = previous.topic
            else:
                reply.slot = phrase or ""
            return reply
        # "more": stay with the paragraphs just discussed and their neighbours, adding any words
        # of the follow-up's own ("why does that matter for foreign policy?")
        extra = " ".join(w for w in content_words(ask.text) if w not in _REFERENTIAL)
        query, qvec = f"{previous.query} {extra}".strip(), blend(ask.qvec, previous.qvec, MORE_WEIGHT)
        wide = self._search(retriever, scope, query, qvec, ask.guild_id, essays, k=MORE_CANDIDATES)
        near = self._near(wide, previous)
        cue = "why" if re.match(r"^\W*(?:why|how come|how so)\b", ask.text, re.I) else None
        # "why?" wants what was not shown yet; "what does he want?" may be answered by the very
        # sentence just quoted, so a follow-up with words of its own (not a why) may quote it again.
        again = bool(extra) and cue is None
        text, quotes = await self._compose(scope, ask.encoder, qvec, near, query, cue=cue,
                                           followup_of=previous.question, exclude=() if again else previous.quoted)
        if not quotes:  # everything near was already quoted: say it again, briefly
            text, quotes = await self._compose(scope, ask.encoder, qvec, near, query, cue=cue, max_quotes=1,
                                               followup_of=previous.question)
        if not quotes:
            return _Reply(render_abstention(self.t, scope, near, wide.best_dense), "not_covered", abstained=True,
                          query=query, qvec=qvec, remember=False)
        return _Reply(text, "answer", quotes, hits=near, best=wide.best_dense, coverage=1.0, query=query, qvec=qvec,
                      essays=previous.essays, topic=previous.topic)

    def _near(self, wide: SearchResult, previous: Turn) -> list[Hit]:
        """Retrieval limited to the previous answer's paragraphs and their neighbours."""
        cited = set(previous.paragraphs)
        unquoted = {(e, p) for e, p in cited if self._has_unquoted(e, p, previous.quoted)}
        # "why?" or "what does he mean?" is about the paragraphs just quoted: their other sentences
        # first; only when those are used up, the neighbouring paragraphs.
        near = unquoted or {(e, p + d) for e, p in cited for d in (-1, 1)}
        kept = [h for h in wide.hits if (h.essay, h.paragraph) in near]
        return kept or wide.hits

    def _has_unquoted(self, slug: str, number: int, quoted: frozenset) -> bool:
        essay = self._lookup(slug)
        para = essay.paragraph(number) if essay else None
        if para is None:
            return False
        parts = paragraph_sentences(para.text)
        return any((slug, number, i) not in quoted and len(s.split()) >= MIN_WORDS for i, s in enumerate(parts))

    def _around(self, scope: Scope, previous: Turn) -> list[Hit]:
        """The previous answer's paragraphs, then their neighbours, as hits in that order."""
        places = list(dict.fromkeys(previous.paragraphs))
        places += [(e, p + d) for e, p in previous.paragraphs for d in (-1, 1)]
        return [self._hit(e, p) for e, p in dict.fromkeys(places)
                if self._lookup(e) and self._lookup(e).paragraph(p) and not scope.is_metadata(e, p)]

    async def _example_followup(self, ask: _Ask) -> _Reply:
        """Sentences that give examples (names, numbers, "for example", lists) in and around the
        paragraphs just quoted, closest to the question first; a plain restatement is no example."""
        previous = ask.previous
        assert previous is not None
        rows = [(h.essay, h.paragraph, i, sentence) for h in self._around(ask.scope, previous)
                for i, sentence in enumerate(paragraph_sentences(h.text))
                if (h.essay, h.paragraph, i) not in previous.quoted and len(sentence.split()) >= MIN_WORDS
                and not sentence.rstrip().endswith("?")]
        strength = [_example_strength(r[3]) for r in rows]
        rows = [r for r, n in zip(rows, strength) if n]
        strength = [n for n in strength if n]
        if not rows:
            return await self._simpler_followup(ask)
        vectors = await self.sentence_vectors.encode(ask.encoder, [strip_markdown(r[3]) for r in rows])
        cosines = (vectors @ np.asarray(previous.qvec, np.float32)).tolist()
        scored = sorted((Sentence(e, p, i, truncate(t, MAX_SENTENCE_CHARS), 0, c, c + EXAMPLE_WEIGHT * min(n, 3))
                         for (e, p, i, t), c, n in zip(rows, cosines, strength)), key=lambda s: -s.score)
        quotes = group_quotes(scored[:EXAMPLE_QUOTES], self._lookup)
        text = self.t("example_note", previous=truncate(previous.question, 120)) + "\n\n" + render_answer(
            self.t, quotes)
        return _Reply(text, "answer", quotes, best=max(cosines), coverage=1.0, query=previous.query,
                      qvec=previous.qvec, essays=previous.essays, topic=previous.topic)

    async def _simpler_followup(self, ask: _Ask) -> _Reply:
        previous = ask.previous
        assert previous is not None
        rows = []
        for slug, number in dict.fromkeys(previous.paragraphs):
            essay = self._lookup(slug)
            para = essay.paragraph(number) if essay else None
            if para is None:
                continue
            for index, sentence in enumerate(paragraph_sentences(para.text)):
                if len(sentence.split()) >= MIN_WORDS:
                    rows.append((slug, number, index, sentence))
        if not rows:
            return _Reply(render_abstention(self.t, ask.scope, [], 0.0), "not_covered", abstained=True,
                          remember=False)
        vectors = await self.sentence_vectors.encode(ask.encoder, [strip_markdown(r[3]) for r in rows])
        cosines = (vectors @ np.asarray(previous.qvec, np.float32)).tolist()
        best = max(cosines)
        close = [i for i, c in enumerate(cosines) if c >= SIMPLER_SHARE * best]
        # Another sentence making the point says it differently; the one just quoted, if alone.
        fresh = [i for i in close if rows[i][:3] not in previous.quoted] or close
        pick = min(fresh, key=lambda i: (len(rows[i][3]), -cosines[i]))
        slug, number, index, sentence = rows[pick]
        chosen = Sentence(slug, number, index, sentence, 0, cosines[pick], cosines[pick])
        quotes = group_quotes([chosen], self._lookup)
        text = self.t("simpler_note") + "\n\n" + render_answer(self.t, quotes)
        return _Reply(text, "answer", quotes, best=best, coverage=1.0, query=previous.query, qvec=previous.qvec,
                      essays=previous.essays, topic=previous.topic)

    # -- definitions --------------------------------------------------------------------------------
    async def _define(self, ask: _Ask, term: str, essays: Sequence[str] | None,
                      max_quotes: int = DEFINITION_QUOTES) -> _Reply | None:
        """Where the essays use or define `term`; None when they never use it."""
        scope = ask.scope
        found = find_term(scope, term, essays)
        if not found:
            return None
        forms = close_forms(scope, term) if any(o.how == "close" for o in found) else []
        rows = []
        first_in_essay: dict[str, int] = {}
        for occurrence in found:
            first_in_essay.setdefault(occurrence.essay, occurrence.paragraph)
            essay = self._lookup(occurrence.essay)
            para = essay.paragraph(occurrence.paragraph) if essay else None
            for index, sentence in enumerate(paragraph_sentences(para.text) if para else []):
                if sentence_has_term(sentence, term, forms):
                    rows.append((occurrence.essay, occurrence.paragraph, index, sentence))
        if not rows:
            return None
        qvec = await self._vector(ask.encoder, term)
        vectors = await self.sentence_vectors.encode(ask.encoder, [strip_markdown(r[3]) for r in rows])
        cosines = (vectors @ np.asarray(qvec, np.float32)).tolist()
        scored = []
        for (slug, number, index, sentence), cos in zip(rows, cosines):
            score = cos + (DEFINITION_CUE_BONUS if _DEFINITION_CUES.search(sentence) else 0.0)
            score += FIRST_USE_BONUS if first_in_essay.get(slug) == number else 0.0
            scored.append(Sentence(slug, number, index, truncate(sentence, MAX_SENTENCE_CHARS), 0, cos, score))
        scored.sort(key=lambda s: -s.score)
        chosen = [scored[0]]
        for s in scored[1:]:
            if len(chosen) >= max_quotes or s.score < scored[0].score - DEFINITION_FLOOR:
                break
            if (s.essay, s.paragraph) not in {(c.essay, c.paragraph) for c in chosen}:
                chosen.append(s)
        quotes = group_quotes(chosen, self._lookup)
        text = render_answer(self.t, quotes)
        return _Reply(text, "definition", quotes, best=max(cosines), coverage=1.0, query=term, qvec=qvec,
                      essays=tuple(essays) if essays else None, topic=term)

    # -- summaries, comparisons, paragraphs, authors ---------------------------------------------------
    async def _summary(self, scope: Scope, slugs: Sequence[str], encoder, qvec) -> _Reply:
        essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_SCOPED_ESSAYS]
        if len(essays) == 1:
            essay = essays[0]
            key = await self.key_sentences.of(essay, encoder)
            lines = [self.t("summary_header", title=essay.title, author=essay.author)]
            if essay.summary:
                lines.append(self.t("summary_own", summary=essay.summary))
            lines.append(self.t("summary_key"))
            quotes = self._fit_quotes(lines, [Sentence(essay.slug, s.paragraph, s.index, s.text, 0, 0.0, 0.0)
                                              for s in sorted(key, key=lambda s: s.key)])
            text = "\n\n".join(lines + [self._quote_line(q) for q in quotes])
        else:
            lines = [self.t("summary_many_header")]
            quotes = []
            room = self.settings.max_answer_chars // max(1, len(essays)) - 80
            for essay in essays:
                key = await self.key_sentences.of(essay, encoder)
                lines.append(self.t("summary_essay", title=essay.title, author=essay.author))
                if essay.summary:
                    lines.append(self.t("summary_own", summary=truncate(essay.summary, room)))
                elif key:
                    first = key[0]
                    quote = group_quotes([Sentence(essay.slug, first.paragraph, first.index, truncate(first.text, room),
                                                   0, 0.0, 0.0)], self._lookup)[0]
                    quotes.append(quote)
                    lines.append(self._quote_line(quote))
            text = "\n\n".join(lines)
        return _Reply(text, "summary", quotes, best=1.0, coverage=1.0, query="", qvec=qvec,
                      essays=tuple(e.slug for e in essays))

    def _fit_quotes(self, lines: list[str], sentences: list[Sentence]) -> list[Quote]:
        """One quote per sentence, dropping the last ones until the answer fits."""
        budget = self.settings.max_answer_chars - sum(len(x) + 2 for x in lines)
        per = max(120, budget // max(1, len(sentences)) - 60)
        quotes = [group_quotes([replace(s, text=truncate(s.text, per))], self._lookup)[0] for s in sentences]
        while len(quotes) > 1 and sum(len(self._quote_line(q)) + 2 for q in quotes) > budget:
            quotes.pop()
        return quotes

    def _quote_line(self, q: Quote) -> str:
        return self.t("quote", quote=q.text, author=q.author, short_title=q.short_title, paragraph=q.paragraph,
                      essay=q.essay)

    async def _compare(self, ask: _Ask, retriever, slugs: Sequence[str], topic: str | None = None) -> _Reply:
        scope = ask.scope
        essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_SCOPED_ESSAYS]
        if topic is None:
            topic = _comparison_topic(ask.text, ask.mentions)
        quotes: list[Quote] = []
        blocks: list[str] = []
        qvec = await self._vector(ask.encoder, topic) if topic else ask.qvec
        # At least 80 characters a quote (as compose's fallback): with a small max_answer_chars the
        # share came out negative and every quote was cut to a bare "……".
        room = max(80, min(MAX_SENTENCE_CHARS, (self.settings.max_answer_chars - 150) // max(1, len(essays)) - 120))
        for essay in essays:
            head = self.t("compare_essay", surname=scope.surname(essay.slug), short_title=essay.display_short_title)
            if not topic:
                key = await self.key_sentences.of(essay, ask.encoder)
                picked = [Sentence(essay.slug, key[0].paragraph, key[0].index, truncate(key[0].text, room),
                                   0, 0.0, 0.0)] if key else []
                found = group_quotes(picked, self._lookup)
            else:
                found = await self._compare_one(ask, retriever, topic, qvec, essay)
                around = phrase_pattern(topic, ignore_case=True)
                found = [replace(q, text=excerpt(q.text, room, around)) for q in found[:1]]
            if found:
                quotes += found
                blocks.append(head + "\n" + self._quote_line(found[0]))
            else:
                blocks.append(head + " " + self.t("compare_silent", surname=scope.surname(essay.slug),
                                                  topic=self._display_topic(topic) or "this"))
        if topic and not quotes:
            result = self._search(retriever, scope, topic, qvec, ask.guild_id, [e.slug for e in essays])
            items = await self._items(ask.guild_id)
            return _Reply(render_abstention(self.t, scope, result.hits, result.best_dense, items), "not_covered",
                          abstained=True, best=result.best_dense, query=topic, qvec=qvec, remember=False)
        header = self.t("compare_header", topic=self._display_topic(topic)) if topic else self.t("compare_header_theses")
        return _Reply("\n\n".join([header] + blocks), "comparison", quotes, best=1.0, coverage=1.0,
                      query=topic, qvec=qvec, essays=tuple(e.slug for e in essays), topic=topic)

    async def _compare_one(self, ask: _Ask, retriever, topic: str, qvec, essay: Essay) -> list[Quote]:
        """One essay's say on a comparison's topic: where it uses the topic as a term, else the
        best-supported passage holding the topic's words; [] when it is silent."""
        used = await self._define(ask, topic, [essay.slug], max_quotes=1)
        if used is not None:
            return used.quotes
        result = self._search(retriever, ask.scope, topic, qvec, ask.guild_id, [essay.slug])
        covered, coverage = self._evidence(ask.scope, topic, result, [essay.slug])
        # Strict, as for a term: the topic's own words must be in the passage ("NATO" is close in
        # meaning to Walt's alliances, but Walt never discusses NATO).
        if not covered or coverage < self.settings.abstain_min_coverage:
            return []
        _, quotes = await self._compose(ask.scope, ask.encoder, qvec, result.hits, topic, max_quotes=1)
        return quotes

    def _paragraph(self, scope: Scope, slugs: Sequence[str], ref: ParagraphRef | None) -> _Reply:
        if ref is None:
            raise UserError(self.t("paragraph_which_essay", number=1, example=self._example_essay(scope)))
        if len(slugs) != 1:
            raise UserError(self.t("paragraph_which_essay", number=max(ref.number, 1),
                                   example=self._example_essay(scope)))
        essay = scope.by_slug[slugs[0]]
        body = [p for p in essay.paragraphs if not scope.is_metadata(essay.slug, p.number)] or list(essay.paragraphs)
        number = body[-1].number if ref.number < 0 else ref.number
        para = essay.paragraph(number)
        if para is None:
            raise UserError(self.t("paragraph_out_of_range", surname=scope.surname(essay.slug),
                                   total=len(essay.paragraphs)))
        header = self.t("paragraph_header", author=essay.author, title=essay.display_short_title, paragraph=number,
                        total=len(essay.paragraphs))
        room = self.settings.max_answer_chars - len(header) - len(self.t("paragraph_cut")) - 10
        shown = para.text if len(para.text) <= room else truncate(para.text, room)
        lines = [header, self.t("paragraph_text", text=shown)]
        if shown != para.text:
            lines.append(self.t("paragraph_cut"))
        citation = Citation(essay.slug, essay.title, essay.author, number, para.text)
        return _Reply("\n\n".join(lines), "paragraph", citations=[citation], best=1.0, coverage=1.0,
                      essays=(essay.slug,), query=f"{essay.slug} ¶{number}", remember=False)

    def _author(self, scope: Scope, slugs: Sequence[str], text: str, qvec) -> _Reply:
        essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_SCOPED_ESSAYS]
        lines, citations = [], []
        for essay in essays:
            where = ", ".join(x for x in (essay.source, essay.published or essay.year) if x)
            lines.append(self.t("author_line_published", title=essay.title, author=essay.author, where=where) if where
                         else self.t("author_line", title=essay.title, author=essay.author))
            bios = sorted(scope.metadata.get(essay.slug, ()))
            if bios:
                para = essay.paragraph(bios[0])
                lines.append(self.t("author_bio", author=essay.author, short_title=essay.display_short_title))
                lines.append(self.t("quote", quote=para.text, author=essay.author, short_title=essay.display_short_title,
                                    paragraph=para.number, essay=essay.slug))
                citations.append(Citation(essay.slug, essay.title, essay.author, para.number, para.text))
            elif len(essays) == 1:
                lines.append(self.t("author_no_bio"))
        return _Reply("\n\n".join(lines), "author", citations=citations, best=1.0, coverage=1.0, query=text, qvec=qvec,
                      essays=tuple(e.slug for e in essays))

    # -- helpers ----------------------------------------------------------------------------------
    async def _vector(self, encoder, text: str) -> np.ndarray:
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

    def _single(self, scope: Scope) -> list[str]:
        return [scope.essays[0].slug] if len(scope.essays) == 1 else []

    def _example(self, scope: Scope) -> str:
        return self.t("suggest_summary", surname=scope.surname(scope.essays[0].slug)) if scope.essays else ""

    def _example_essay(self, scope: Scope) -> str:
        return scope.surname(scope.essays[0].slug) if scope.essays else "the essay"

    @staticmethod
    def _display_topic(query: str) -> str:
        """The topic as a learner would read it in "Walt's essay doesn't discuss …" ("" if unclear)."""
        topic = re.sub(r"^\s*(?:what|who|which|how|why|when|where|is|are|does|do|did)\b.*?\b(?:about|of|on)\s+", "",
                       query.strip(), flags=re.I)
        topic = topic.strip(" ?!.")
        words = topic.split()
        # Only a phrase that reads as a topic: no question words or pronouns left over.
        if not words or len(words) > 6 or not content_words(topic) or {w.lower() for w in words} & _NOT_A_TOPIC:
            return ""
        return topic

    async def _items(self, guild_id: int) -> list[dict]:
        """Quiz items visible here, which `suggest` turns into questions (none if the store fails)."""
        try:
            return await self.store.list_items(guild_id)
        except StoreUnavailable:
            return []

    def _lookup(self, slug: str):
        return self.library.essays.get(slug)

    def _hit(self, slug: str, number: int) -> Hit:
        essay = self._lookup(slug)
        para = essay.paragraph(number)
        return Hit(essay=slug, title=essay.title, author=essay.author, paragraph=number, text=para.text, score=0.0,
                   dense=0.0, bm25=0.0, chunk_text=para.text, chunk_start=0, chunk_end=len(para.text))

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


def _without_chat(text: str) -> str:
    """The question without chat words ("rn", "tho", "pls"), which only add noise to a search."""
    kept = [w for w in text.split() if w.lower().strip("?!.,") not in CHAT_WORDS]
    return " ".join(kept) if kept else text


def _cue(text: str, intent: str) -> str | None:
    """The shape of sentence that answers: obstacles for "what stands in the way", reasons for why."""
    if PROBLEM.search(text):
        return "problem"
    return "why" if intent == "why" else None


_EXAMPLE_SIGNS = [re.compile(p) for p in (
    r"(?i)\b(?:for example|for instance|such as|e\.g\.|including|like the|as with|in the case of)\b",
    r"\d", r"(?<=[a-z,;(] )[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*", r"(?:\w+, ){2,}\w+",
)]


def _example_strength(sentence: str) -> int:
    """How many signs of a concrete example a sentence shows: cue words, numbers, names, a list."""
    return sum(bool(p.search(sentence)) for p in _EXAMPLE_SIGNS)


_DEFINITION_CUES = re.compile(r"\b(?:defined as|what I call|refers? to|is the idea|the idea that|the belief|means|"
                              r"in other words|that is|known as|called)\b|—|“", re.I)


def _comparison_topic(text: str, mentions: Sequence[Mention]) -> str:
    """What two essays are compared on: the question without names and comparison words."""
    rest = topic_of(text, mentions) if mentions else text
    kept = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", rest)
            if w.lower() in set(content_words(w)) and w.lower() not in _COMPARE_WORDS]
    return " ".join(kept)
