"""`Tutor`: the one object adapters call to answer a learner's question.

    answer = await core.tutor.ask("what does walt say about the national security state",
                                  guild_id=g, channel_id=c, user_id=u)
    answer.answer        # text to show (well under 2,000 characters)
    answer.kind          # answer, summary, comparison, definition, paragraph, author, list, …
    answer.citations     # [Citation(essay, title, author, paragraph, quote)]
    answer.abstained     # True when the essays do not cover the question
    answer.answer_id     # recorded in the progress store: attach feedback with it

`ask` is a short pipeline:
1. language and spelling (`language`, `vocabulary`): another language is one line; typos are
   corrected towards the essays' words;
2. the question's path (`pipeline.Pipeline.respond`): the frame (request, topic, named things,
   scope, reference to the last answer), grounding what it names, the first handler that takes
   it (`handlers`: one module per kind), the lead line (`lead`), and recovery from a plain refusal;
3. the optional language model's wording (`generator`), off by default;
4. the answer is recorded (committed before `ask` returns, so feedback can always be attached)
   and the turn remembered for follow-ups (`conversation`).
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

import numpy as np

from bot.clock import Clock, SystemClock
from bot.config import TutorSettings
from bot.corpus.essay import Essay
from bot.errors import UserError
from bot.prompts import PromptBook
from bot.store import StoreUnavailable
from bot.text import strip_markdown, without_pictographs
from bot.tutor.answer import Citation, Named, Reply, TutorAnswer
from bot.tutor.compose import SentenceVectors, paragraph_sentences
from bot.tutor.conversation import Conversations, Turn
from bot.tutor.generator import Generator, generated_answer
from bot.tutor.handlers import handlers
from bot.tutor.handlers.paragraph import show_paragraph
from bot.tutor.intent import ParagraphRef
from bot.tutor.language import foreign_language
from bot.tutor.maps import ArgumentMaps
from bot.tutor.pipeline import Pipeline
from bot.tutor.scopes import Scope, Scopes
from bot.tutor.summaries import KeySentences
from bot.tutor.tools import Tools
from bot.tutor.vocabulary import Correction

log = logging.getLogger(__name__)


__all__ = ["Citation", "Tutor", "TutorAnswer"]


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
        self.key_sentences = KeySentences(self.sentence_vectors)
        self.maps = ArgumentMaps(getattr(library, "store", None))
        self.tools = Tools(library, store, self.t, settings, self.sentence_vectors, self.key_sentences, self.maps)
        self.handlers = handlers()
        self.pipeline = Pipeline(self.tools, self.t, settings, self.handlers)
        self._pending: dict[tuple[int, int, int], list] = {}  # a clarifying question's options, per conversation
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
            await self.maps.of(essay, encoder)
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
        reply = show_paragraph(self.tools, scope, [slug], ParagraphRef(number))
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
            raise UserError(self.t("no_words", example=self.tools.example(scope)))
        await self.library.prepare_scope(guild_id)
        encoder = await self._embedder()
        # Latency counts answering, not the one-time model load and index build before the first answer.
        started = self.clock.monotonic()
        key = (guild_id, channel_id, user_id)
        question = self._option_picked(key, question)
        previous = self.conversations.get(key)
        if previous is not None and essay is not None and previous.essays != (essay,):
            previous = None  # a different essay chosen explicitly: a new line of questions

        correction: Correction | None = None
        follow, ask = "fresh", None
        language = foreign_language(question, scope.vocabulary)
        if language is not None:
            reply = Reply(self.t("language", language=language, example=self.tools.example(scope)), "language",
                          abstained=True, remember=False)
        else:
            correction = scope.vocabulary.correct(without_pictographs(question) or question)
            ask, reply, follow = await self.pipeline.respond(correction.text, scope, previous, essay, encoder,
                                                             retriever, guild_id)
            if correction.changed:
                reply.text = self.t("searched_for", query=correction.text) + "\n\n" + reply.text
        generated = False
        if reply.kind == "answer" and not reply.abstained and self.generator is not None and reply.qvec is not None:
            generated_reply = await generated_answer(self.generator, self.tools, self.t, self.settings, reply.query,
                                                     reply.hits, reply.quotes)
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
        self._remember(key, question, reply, citations, follow, previous,
                       ask.frame.request if ask is not None and follow in ("fresh", "shift") else None)
        log.info("answered in %.0f ms (kind=%s, abstained=%s, followup=%s, best cosine %.3f)", latency_ms, reply.kind,
                 reply.abstained, follow, reply.best)
        return TutorAnswer(question, reply.text, reply.abstained, citations, answer_id, latency_ms, reply.best,
                           reply.coverage, follow, reply.query, generated, list(reply.hits), reply.kind,
                           correction.text if correction and correction.changed else None, lead=reply.lead,
                           named=[Named(th.text, th.kind, th.mentioned) for th in (ask.frame.things if ask else [])],
                           options=list(reply.options), request=ask.frame.request.name if ask else "answer")

    def _option_picked(self, key, question: str) -> str:
        """Right after a clarifying question, "2" (or an option's label) stands for that option."""
        options = self._pending.pop(key, None)
        if not options:
            return question
        typed = question.strip().rstrip(".!?)").lstrip("#(").strip().lower()
        if typed.isdigit() and 1 <= int(typed) <= len(options):
            return options[int(typed) - 1].question
        for option in options:
            if typed == option.label.lower():
                return option.question
        return question

    def _remember(self, key, question: str, reply: Reply, citations: list[Citation], follow: str,
                  previous: Turn | None, request=None) -> None:
        if reply.options:
            self._pending[key] = list(reply.options)
            while len(self._pending) > 10_000:
                self._pending.pop(next(iter(self._pending)))
        if not reply.remember:
            return
        if reply.abstained and not reply.quotes:
            if follow == "fresh":
                self.conversations.forget(key)  # a new question replaces the old context even when unanswered
            return
        quoted = {s.key for q in reply.quotes for s in q.sentences}
        if follow != "fresh" and previous is not None:
            quoted |= set(previous.quoted)  # what the thread has shown, so "simpler" never repeats it
        qvec = reply.qvec if reply.qvec is not None else (previous.qvec if previous else None)
        if qvec is None:
            return
        # What "Following up on …" shows: the learner's own words for a new question (the retrieval
        # query drops names: "what does want cities to do"), the thread's question for a follow-up.
        if follow == "fresh" or previous is None:
            shown = question
        else:
            shown = reply.query if follow == "shift" else previous.question
        self.conversations.remember(key, Turn(
            question=shown, query=reply.query, qvec=np.asarray(qvec, np.float32), essays=reply.essays,
            paragraphs=tuple((c.essay, c.paragraph) for c in citations) or (previous.paragraphs if previous else ()),
            quoted=frozenset(quoted), at=self.clock.monotonic(), kind=reply.kind, topic=reply.topic, slot=reply.slot,
            request=request if request is not None else (previous.request if previous else None),
            items=reply.items, item_texts=reply.item_texts, contrast=reply.contrast, last=frozenset(s.key for q in reply.quotes for s in q.sentences),
        ))
