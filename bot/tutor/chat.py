"""A text chat with the tutor for one learner: what `tutorbot chat` runs, line by line.

Transport-agnostic on purpose: `handle(line)` returns the texts to show, so the terminal loop in
`bot/cli/chat_cmd.py` is a few lines and tests drive whole sessions without a terminal. It uses
the same core as the Discord bot: answers (with follow-ups) from `core.tutor`, solo quizzes and
reviews through `SoloSession`, progress from the store. Every text comes from `prompts/`.
"""

from __future__ import annotations

import logging
import random
from typing import Callable

from bot.errors import UserError
from bot.progress.report import format_progress
from bot.quiz.format import render_nothing_due, render_question, render_solo_result, render_solo_summary, render_time_up
from bot.quiz.session import NothingDue, SoloSession, find_essay, review_session, solo_session
from bot.rhythm.path import render_text as render_path
from bot.rhythm.path import study_path

log = logging.getLogger(__name__)


class ChatSession:
    def __init__(self, core, *, user_id: int, guild_id: int = 0, channel_id: int = 0,
                 rng: random.Random | None = None):
        self.core = core
        self.user_id = user_id
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.rng = rng or random.Random()
        self.t = core.prompts.section("chat")
        self.quiz_t = core.prompts.section("quiz")
        self.done = False
        self.quiz: SoloSession | None = None
        self.last_answer_id: int | None = None
        # Where "time's up" goes while the learner is typing (the terminal prints it at once);
        # without it, the notice comes before the next reply.
        self.notify: Callable[[str], None] | None = None
        self._notices: list[str] = []

    @property
    def prompt(self) -> str:
        return self.t("quiz_prompt" if self.quiz else "prompt") + " "

    def welcome(self) -> str:
        return self.t("welcome", user=self.user_id, essays=self._essays())

    def _essays(self) -> str:
        essays = self.core.library.essays_for(self.guild_id)
        if not essays:
            return self.t("essays_empty")
        return "\n".join(self.t("essays_line", slug=e.slug, title=e.title, author=e.author, year=e.year,
                                paragraphs=len(e.paragraphs)) for e in essays)

    async def _essays_with_summaries(self) -> str:
        blurbs = await self.core.tutor.essay_blurbs(self.guild_id)
        if not blurbs:
            return self.t("essays_empty")
        return "\n".join(self.t("essays_summary_line", slug=e.slug, title=e.title, author=e.author, year=e.year,
                                paragraphs=len(e.paragraphs), summary=summary) for e, summary in blurbs)

    async def _read(self, args: list[str]) -> list[str]:
        if len(args) < 2 or not args[-1].isdigit():
            essays = self.core.library.essays_for(self.guild_id)
            return [self.t("read_usage", example=essays[0].slug if essays else "essay-id")]
        shown = await self.core.tutor.read_paragraph(" ".join(args[:-1]), int(args[-1]), guild_id=self.guild_id)
        return [shown.answer]

    async def _time_up(self, shown) -> None:
        text = render_time_up(self.quiz_t, shown)
        if self.notify is not None:
            self.notify(text)
        else:
            self._notices.append(text)

    async def handle(self, line: str) -> list[str]:
        notices, self._notices = self._notices, []
        return notices + await self._handle(line)

    async def _handle(self, line: str) -> list[str]:
        line = line.strip()
        if not line:
            return []
        try:
            if line.startswith("/"):
                return await self._command(line)
            if self.quiz is not None:
                return await self._quiz_answer(line)
            answer = await self.core.tutor.ask(line, guild_id=self.guild_id, channel_id=self.channel_id,
                                               user_id=self.user_id)
            self.last_answer_id = answer.answer_id
            return [answer.answer]
        except UserError as exc:
            return [self.t("error", message=str(exc))]

    async def _command(self, line: str) -> list[str]:
        name, *args = line.split()
        name = name.lower()
        if name in ("/quit", "/exit", "/q"):
            out = []
            if self.quiz is not None:
                out += await self._stop_quiz()
            self.done = True
            return out + [self.t("bye")]
        if name == "/help":
            return [self.t("help")]
        if name == "/essays":
            return [await self._essays_with_summaries()]
        if name == "/read":
            return await self._read(args)
        if name == "/progress":
            progress = await self.core.store.learner_progress(self.guild_id, self.user_id)
            return [format_progress(progress, self.core.prompts)]
        if name == "/new":
            self.core.tutor.forget(self.guild_id, self.channel_id, self.user_id)
            return [self.t("new_topic")]
        if name in ("/good", "/bad"):
            if self.last_answer_id is None:
                return [self.t("feedback_nothing")]
            await self.core.store.set_feedback(self.guild_id, self.last_answer_id, self.user_id, name == "/good")
            return [self.t("feedback_thanks")]
        if name == "/next":  # the study path, as /next on Discord (bot.rhythm.path)
            path = await study_path(self.core.store, self.core.library.essays_for(self.guild_id or None),
                                    self.guild_id, self.user_id)
            return [render_path(self.core.prompts.section("rhythm"), path)]
        if name == "/quiz":
            return await self._start_quiz(args)
        if name == "/review":
            return await self._start_review()
        if name == "/stop" and self.quiz is not None:
            return await self._stop_quiz()
        if name == "/skip" and self.quiz is not None:
            result = await self.quiz.skip()
            return [render_solo_result(self.quiz_t, result)] + await self._next()
        return [self.t("unknown_command", command=name)]

    # -- quizzes ------------------------------------------------------------------------------
    async def _start_quiz(self, args: list[str]) -> list[str]:
        essays: list[str] = []
        count: int | None = None
        for arg in args:
            if arg.isdigit():
                count = int(arg)
            else:  # an id, an unambiguous id prefix or the author's name ("/quiz walt 3")
                essays.append(find_essay(self.core.library.essays_for(self.guild_id), arg).slug)
        if len(args) > 2 or (count is not None and len(essays) > 1):
            return [self.t("quiz_usage")]
        if self.quiz is not None:
            await self._stop_quiz()
        self.quiz = await solo_session(
            self.core.store, self.guild_id, self.user_id, quiz=self.core.settings.quiz, essays=essays,
            questions=count, grader=self.core.grader, clock=self.core.clock, rng=self.rng,
        )
        self.quiz.on_time_up = self._time_up
        header = self.t("quiz_started", count=len(self.quiz.items),
                        essays=", ".join(essays) if essays else self.t("quiz_all_essays"))
        return [header, self.t("quiz_quit_hint")] + await self._next()

    async def _start_review(self) -> list[str]:
        if self.quiz is not None:
            await self._stop_quiz()
        try:
            self.quiz = await review_session(self.core.store, self.guild_id, self.user_id, quiz=self.core.settings.quiz,
                                             grader=self.core.grader, clock=self.core.clock, rng=self.rng)
        except NothingDue as nothing:
            return [render_nothing_due(self.quiz_t, nothing.next_due)]
        self.quiz.on_time_up = self._time_up
        return [self.t("review_started", count=len(self.quiz.items)), self.t("quiz_quit_hint")] + await self._next()

    async def _quiz_answer(self, line: str) -> list[str]:
        assert self.quiz is not None  # lines go to the quiz only while one runs
        result = await self.quiz.answer(line)
        out = [render_solo_result(self.quiz_t, result)]
        if result.status == "rejected":
            return out
        return out + await self._next()

    async def _next(self) -> list[str]:
        assert self.quiz is not None
        shown = await self.quiz.next_question()
        if shown is not None:
            return [render_question(self.quiz_t, shown)]
        summary = await self.quiz.finish()
        self.quiz = None
        return [render_solo_summary(self.quiz_t, summary)]

    async def _stop_quiz(self) -> list[str]:
        assert self.quiz is not None
        summary = await self.quiz.finish()
        self.quiz = None
        return [self.t("quiz_stopped"), render_solo_summary(self.quiz_t, summary)]
