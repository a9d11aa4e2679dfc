"""/quiz start|stop|solo and /review: the quiz engine's sessions shown as messages and buttons.

Group quizzes post each question to the channel with one button per choice (or an "Answer" button
that opens a modal for typed answers); each player's result is shown only to them. The engine
(`bot.quiz.session`) owns timing, grading, scoring and saving; this cog only renders its events.

Buttons carry the session id and question number in their `custom_id` (`DynamicItem`), so a
press on a message from before a restart reaches this code and gets a clear "this quiz has
ended" instead of Discord's "interaction failed".
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Literal, TypeVar, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import essay_choices, scope
from bot.discord_bot.checks import is_moderator, quiz_cooldown
from bot.discord_bot.cogs.ask import ReadButton
from bot.discord_bot.cogs.shared import ReportingModal, cog_named, guarded
from bot.discord_bot.limits import BUTTON_LABEL, MESSAGE_LIMIT, MODAL_TITLE, fit, fit_embed
from bot.discord_bot.replies import send_private
from bot.errors import UserError
from bot.quiz.format import recap_lines, render_nothing_due, render_time_up
from bot.quiz.grading import Grader
from bot.quiz.importing import pack_rules, server_packs
from bot.quiz.session import (
    AnswerRejected,
    EssayNotFound,
    GroupSession,
    GroupSettings,
    NothingDue,
    QuestionRevealed,
    QuestionShown,
    SessionEnded,
    SessionRegistry,
    SoloResult,
    SoloSession,
    find_essay,
    load_pool,
    pick_items,
    recently_asked,
    review_session,
    solo_session,
)

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

log = logging.getLogger(__name__)
T = TypeVar("T")

KIND_CHOICES = [
    app_commands.Choice(name="multiple choice", value="multiple_choice"),
    app_commands.Choice(name="true or false", value="true_false"),
    app_commands.Choice(name="short answer", value="short_answer"),
    app_commands.Choice(name="fill in the blank", value="cloze"),
]
MEDALS = ("🥇", "🥈", "🥉")
LETTERS = "ABCDE"
RECAP_PROMPT = 100  # characters of each missed question in an end-of-quiz recap (an embed field holds 1,024)


async def pack_choices(interaction: discord.Interaction[TutorBot], current: str) -> list[app_commands.Choice[str]]:
    """The Red trivia packs this server imported (played with their own CONFIG)."""
    if interaction.guild_id is None:
        return []
    packs = await server_packs(interaction.client.core.store, interaction.guild_id)
    needle = current.strip().lower()
    return [app_commands.Choice(name=fit(f"{name} ({tag})", 100), value=tag)
            for tag, name in sorted(packs.items()) if not needle or needle in f"{tag} {name}".lower()][:25]


def _cog(interaction: discord.Interaction) -> QuizCog:
    return cast("QuizCog", cog_named(interaction, "QuizCog", "quizzes are not available right now"))


# -- group quiz components ----------------------------------------------------------------------


def _refusals_first() -> Callable[[T], T]:
    """`/quiz start`'s refusals with a reason, checked before its cooldown: the starter of a
    running quiz who tries again is told a quiz is running here, not "Slow down ... 29 s".
    (Decorators nearer the function are checked first.) The command checks again itself, since
    two starts can race."""

    async def predicate(interaction: discord.Interaction[TutorBot]) -> bool:
        guild_id, channel_id = interaction.guild_id, interaction.channel_id
        if guild_id is None or channel_id is None:
            return True  # guild_only answers that
        client = interaction.client
        texts = client.texts
        server = await client.core.store.get_guild_settings(guild_id)
        allowed = [int(c) for c in server.get("quiz_channel_ids") or []]
        if allowed and channel_id not in allowed and getattr(interaction.channel, "parent_id", None) not in allowed:
            raise app_commands.CheckFailure(texts("quiz_channel_not_allowed",
                                                  channels=", ".join(f"<#{c}>" for c in allowed)))
        if client.core.sessions.get(guild_id, channel_id) is not None:
            raise app_commands.CheckFailure(texts("quiz_busy"))
        return True

    return app_commands.check(predicate)


class GroupChoiceButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qg:(?P<sid>\d+):(?P<n>\d+):(?P<c>\d)"):
    def __init__(self, session_id: int, number: int, choice: int, label: str = "?", disabled: bool = False,
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary):
        super().__init__(discord.ui.Button(label=fit(label, BUTTON_LABEL), style=style, disabled=disabled,
                                           custom_id=f"qg:{session_id}:{number}:{choice}"))
        self.session_id, self.number, self.choice = session_id, number, choice

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> GroupChoiceButton:
        return cls(int(match["sid"]), int(match["n"]), int(match["c"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, _cog(interaction).group_answer(interaction, self.session_id, self.number, self.choice))


class GroupTypedButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qg:(?P<sid>\d+):(?P<n>\d+):typed"):
    def __init__(self, session_id: int, number: int, label: str = "Answer", disabled: bool = False):
        super().__init__(discord.ui.Button(label=fit(label, BUTTON_LABEL), style=discord.ButtonStyle.primary,
                                           disabled=disabled, custom_id=f"qg:{session_id}:{number}:typed"))
        self.session_id, self.number = session_id, number

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> GroupTypedButton:
        return cls(int(match["sid"]), int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, _cog(interaction).open_answer_modal(interaction, "group", self.session_id, self.number))


class AnswerModal(ReportingModal):
    def __init__(self, title: str, label: str, mode: Literal["group", "solo"], session_id: int, number: int):
        super().__init__(title=fit(title, MODAL_TITLE), custom_id=f"qa:{mode}:{session_id}:{number}")
        self.mode, self.session_id, self.number = mode, session_id, number
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(label=fit(label, 45), custom_id="answer",
                                                                              max_length=200)
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        cog = _cog(interaction)
        if self.mode == "group":
            await cog.group_answer(interaction, self.session_id, self.number, self.answer.value)
        else:
            await cog.solo_answer(interaction, self.session_id, self.number, self.answer.value)


# -- solo components ----------------------------------------------------------------------------

class SoloButton(discord.ui.DynamicItem[discord.ui.Button],
                 template=r"qs:(?P<sid>\d+):(?P<n>\d+):(?P<action>\d|typed|skip|stop)"):
    def __init__(self, session_id: int, number: int, action: str, label: str = "?", disabled: bool = False,
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary):
        super().__init__(discord.ui.Button(label=fit(label, BUTTON_LABEL), style=style, disabled=disabled,
                                           custom_id=f"qs:{session_id}:{number}:{action}"))
        self.session_id, self.number, self.action = session_id, number, action

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> SoloButton:
        return cls(int(match["sid"]), int(match["n"]), match["action"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """A private quiz answers only to its owner (and after a restart, to nobody)."""
        cog = _cog(interaction)
        session = cog.solo.get((scope(interaction), interaction.user.id))
        if session is None or session.session_id != self.session_id:
            await send_private(interaction, cog.bot.texts("quiz_ended"))
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = _cog(interaction)
        if self.action == "typed":
            await guarded(interaction, cog.open_answer_modal(interaction, "solo", self.session_id, self.number))
        elif self.action == "stop":
            await guarded(interaction, cog.solo_stop(interaction, self.session_id))
        elif self.action == "skip":
            await guarded(interaction, cog.solo_answer(interaction, self.session_id, self.number, None))
        else:
            await guarded(interaction, cog.solo_answer(interaction, self.session_id, self.number, int(self.action)))


# -- the cog ------------------------------------------------------------------------------------

class QuizCog(commands.Cog):
    quiz = app_commands.Group(name="quiz", description="Quizzes on the essays")

    def __init__(self, bot: TutorBot):
        self.bot = bot
        self.sessions: SessionRegistry = bot.core.sessions  # shared with the core: one quiz per channel
        self.solo: dict[tuple[int, int], SoloSession] = {}
        # The latest interaction of each private quiz: "time's up" is a private follow-up to it.
        self.solo_last: dict[tuple[int, int], discord.Interaction] = {}
        self.question_messages: dict[tuple[int, int], discord.Message] = {}  # (session, number) -> message
        self.rng = random.Random()
        self.grader: Grader = bot.core.grader
        self.restart_cleanup: asyncio.Task | None = None
        self._bookkeeping: asyncio.Task | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(GroupChoiceButton, GroupTypedButton, SoloButton)
        if not self.bot.for_sync:  # runs beside the gateway connection; HTTP works once logged in
            self.restart_cleanup = asyncio.create_task(self._close_interrupted(), name="quiz-restart-cleanup")

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(GroupChoiceButton, GroupTypedButton, SoloButton)
        if self.restart_cleanup is not None:  # let it finish: a store call cut off mid-transaction spoils the connection
            await asyncio.gather(self.restart_cleanup, return_exceptions=True)
        for session in self.sessions.running():
            try:
                await session.stop(session.started_by)  # answers so far are already saved; the board is posted
            except Exception:  # noqa: BLE001
                log.exception("could not stop quiz %s cleanly", session.session_id)
        for solo in list(self.solo.values()):
            try:
                await solo.finish()
            except Exception:  # noqa: BLE001
                log.exception("could not finish private quiz %s", solo.session_id)
        self.solo.clear()
        self.solo_last.clear()
        if self._bookkeeping is not None:  # the stopped quizzes' records go before the store closes
            await asyncio.gather(self._bookkeeping, return_exceptions=True)

    @property
    def texts(self):
        return self.bot.texts

    @property
    def quiz_texts(self):
        """The quiz engine's own texts (prompts/quiz.yaml), shared with the terminal chat."""
        return self.bot.core.prompts.section("quiz")

    # -- group ----------------------------------------------------------------------------------
    @quiz.command(name="start", description="Start a quiz in this channel for everyone")
    @app_commands.describe(essay="only questions on this essay (its id, the start of it, or its author)",
                           questions="how many questions", seconds="seconds per question",
                           kind="only this kind of question", pack="play one imported trivia pack, with its own rules")
    @app_commands.autocomplete(essay=essay_choices, pack=pack_choices)
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.guild_only()
    @quiz_cooldown()
    @_refusals_first()
    async def start(self, interaction: discord.Interaction[TutorBot], essay: str | None = None,
                    questions: app_commands.Range[int, 1, 100] | None = None,
                    seconds: app_commands.Range[int, 1, 600] | None = None,
                    kind: app_commands.Choice[str] | None = None, pack: str | None = None) -> None:
        core = self.bot.core
        guild_id, channel_id = interaction.guild_id, interaction.channel_id
        if guild_id is None or channel_id is None:  # Discord does not offer guild-only commands in DMs
            raise app_commands.NoPrivateMessage()
        server = await core.store.get_guild_settings(guild_id)
        allowed = [int(c) for c in server.get("quiz_channel_ids") or []]
        if allowed and channel_id not in allowed and getattr(interaction.channel, "parent_id", None) not in allowed:
            raise UserError(self.texts("quiz_channel_not_allowed", channels=", ".join(f"<#{c}>" for c in allowed)))
        if self.sessions.get(guild_id, channel_id) is not None:
            raise UserError(self.texts("quiz_busy"))
        perms = interaction.app_permissions  # questions are posted with the bot's own permissions
        can_send = perms.send_messages_in_threads if isinstance(interaction.channel, discord.Thread) else perms.send_messages
        if not (can_send and perms.embed_links and perms.view_channel):
            raise UserError(self.texts("quiz_cannot_post"))
        essays = [self._essay_slug(essay, guild_id)] if essay else []
        rules = None
        if pack:
            rules = await pack_rules(core.store, guild_id, pack.strip())
            if rules is None:
                packs = ", ".join(sorted(await server_packs(core.store, guild_id))) or self.quiz_texts("pack_none")
                raise UserError(self.quiz_texts("pack_unknown", pack=fit(pack, 60), packs=packs))
        settings = GroupSettings.from_settings(
            core.settings.quiz, questions=questions if questions is not None else server.get("quiz_questions"),
            seconds=seconds if seconds is not None else (None if rules and rules.seconds else server.get("quiz_seconds")),
            essays=essays,
            kinds=[kind.value] if kind else [], rules=rules, tag=pack.strip() if pack else None,
        )
        pool = await load_pool(core.store, guild_id, essays=essays)
        recent = await recently_asked(core.store, guild_id, channel_id=channel_id)
        items = pick_items(pool, settings.questions, self.rng, essays=essays, kinds=settings.kinds, tags=settings.tags,
                           avoid=recent)
        channel = interaction.channel
        session = GroupSession(core.store, items, guild_id=guild_id, channel_id=channel_id,
                               started_by=interaction.user.id, settings=settings, grader=self.grader,
                               clock=self.bot.clock, rng=self.rng,
                               on_event=lambda event: self._on_group_event(channel, event))
        scope_text = self._essay_title(essays[0], guild_id) if essays else self.texts("quiz_all_essays")
        await interaction.response.send_message(self.texts(
            "quiz_intro", starter=interaction.user.mention, total=len(items), seconds=settings.seconds, essays=scope_text))
        try:
            await self.sessions.start(session)
        except UserError as exc:
            await send_private(interaction, str(exc))

    @quiz.command(name="stop", description="Stop the quiz running in this channel (its starter or a moderator)")
    @app_commands.guild_only()
    async def stop(self, interaction: discord.Interaction[TutorBot]) -> None:
        session = self.sessions.get(interaction.guild_id or 0, interaction.channel_id or 0)
        if session is None:
            raise UserError(self.texts("quiz_none_running"))
        moderator = await is_moderator(interaction)
        if interaction.user.id != session.started_by and not moderator:
            raise UserError(self.texts("quiz_stop_denied"))
        await interaction.response.send_message(self.texts("quiz_stopping"), ephemeral=True)
        await session.stop(interaction.user.id, is_moderator=moderator)

    async def group_answer(self, interaction: discord.Interaction, session_id: int, number: int, answer: int | str) -> None:
        texts = self.texts
        session = self.sessions.get(interaction.guild_id or 0, interaction.channel_id or 0)
        if session is None or session.session_id != session_id:
            await send_private(interaction, texts("quiz_ended"))
            return
        if session.current_question != number:
            await send_private(interaction, texts("quiz_question_closed"))
            return
        result = await session.submit(interaction.user.id, interaction.user.display_name, answer)
        if result.status == "correct":
            text = texts("quiz_locked_correct", answer=result.answer, points=result.points)
        elif result.status == "wrong":
            text = texts("quiz_locked_wrong", answer=result.answer)
        elif result.status == "rejected":
            text = self._rejection(result.reason)
        elif result.status == "already_answered":
            text = texts("quiz_already_answered")
        else:
            text = texts("quiz_question_closed")
        await send_private(interaction, text)

    async def open_answer_modal(self, interaction: discord.Interaction, mode: Literal["group", "solo"],
                                session_id: int, number: int) -> None:
        texts = self.texts
        if mode == "group":
            session = self.sessions.get(interaction.guild_id or 0, interaction.channel_id or 0)
            if session is None or session.session_id != session_id:
                await send_private(interaction, texts("quiz_ended"))
                return
            if session.current_question != number:
                await send_private(interaction, texts("quiz_question_closed"))
                return
        await interaction.response.send_modal(AnswerModal(
            texts("quiz_modal_title", number=number), texts("quiz_modal_label"), mode, session_id, number))

    async def on_typed_message(self, message: discord.Message) -> bool:
        """A plain message in a channel with a running quiz (Message Content intent only)."""
        if message.guild is None or message.author.bot or not message.content.strip():
            return False
        session = self.sessions.get(message.guild.id, message.channel.id)
        if session is None or session.current_question is None:
            return False
        result = await session.submit(message.author.id, message.author.display_name, message.content)
        emoji = {"correct": "🔒", "wrong": "🔒", "rejected": "❔"}.get(result.status)
        if emoji:
            try:
                await message.add_reaction(emoji)
            except discord.HTTPException:
                log.info("could not react to a typed answer in %s", message.channel.id)
        return True

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        # Typed answers need the Message Content intent; a mention or a DM is a question for /ask's listener.
        if (not self.bot.intents.message_content or message.guild is None
                or (self.bot.user and self.bot.user in message.mentions)):
            return
        try:
            await self.on_typed_message(message)
        except Exception:  # noqa: BLE001 - a typed answer must never crash the listener
            log.exception("typed quiz answer failed in channel %s", message.channel.id)

    def _rejection(self, reason: str | None) -> str:
        key = {"empty": "quiz_reject_empty", "guess_list": "quiz_reject_guess_list",
               "invalid_choice": "quiz_reject_invalid_choice", "too_long": "quiz_reject_too_long",
               "dont_know": "quiz_reject_dont_know"}.get(reason or "")
        return self.texts(key or "quiz_reject_other")

    async def _on_group_event(self, channel: Any, event: Any) -> None:
        guild_id = channel.guild.id if channel.guild else 0
        store = self.bot.core.store
        if isinstance(event, QuestionShown):
            message = await channel.send(embed=self._question_embed(event, group=True),
                                         view=self._group_view(event, disabled=False))
            self.question_messages[(event.session_id, event.number)] = message
            self._track(lambda: store.add_session_message(guild_id, event.session_id, channel.id, message.id))
        elif isinstance(event, QuestionRevealed):
            message = self.question_messages.pop((event.session_id, event.number), None)
            if message is not None:
                try:
                    await message.edit(view=self._group_view_from(message, event.session_id, event.number))
                except discord.HTTPException:
                    log.info("could not disable the buttons of question %s", event.number)
            await channel.send(embed=self._reveal_embed(event, guild_id))
            if message is not None:
                self._track(lambda: store.remove_session_messages(guild_id, event.session_id, message.id))
        elif isinstance(event, SessionEnded):
            for key in [k for k in self.question_messages if k[0] == event.session_id]:
                self.question_messages.pop(key, None)
            await channel.send(embed=self._final_embed(event))
            self._track(lambda: store.remove_session_messages(guild_id, event.session_id))
        elif isinstance(event, AnswerRejected):
            pass  # the player is told privately by whichever path submitted the answer

    def _track(self, write: Callable[[], Awaitable[None]]) -> None:
        """Record which messages show an open question, for `_close_interrupted` after a crash.

        In the background and in order (one chain): the game's timing never waits on this
        bookkeeping, and a failure costs only the clean-up after a crash."""
        previous = self._bookkeeping

        async def run() -> None:
            if previous is not None:
                await asyncio.gather(previous, return_exceptions=True)
            try:
                await write()
            except Exception:  # noqa: BLE001 - the quiz goes on either way
                log.exception("could not update the record of a quiz question's message")

        self._bookkeeping = asyncio.create_task(run(), name="quiz-message-bookkeeping")

    async def _close_interrupted(self) -> None:
        """Quizzes a crash cut off (marked abandoned when the core opened) left their last question
        with live buttons: edit it to say the quiz ended with the restart, with the scores so far,
        and say so once in the channel. The record is dropped either way, so this happens once."""
        store = self.bot.core.store
        try:
            interrupted = await store.interrupted_sessions(owns=self.bot.core.owns_guild)  # this process's shards only
        except Exception:  # noqa: BLE001 - start-up goes on; old buttons still answer "this quiz has ended"
            log.exception("could not look up quizzes interrupted by the last restart")
            return
        for quiz in interrupted:
            try:
                await self._close_one_interrupted(quiz)
            except Exception:  # noqa: BLE001
                log.exception("could not close quiz %s interrupted by the restart", quiz["session_id"])
            finally:
                try:
                    await store.remove_session_messages(quiz["guild_id"], quiz["session_id"])
                except Exception:  # noqa: BLE001
                    log.exception("could not forget the messages of interrupted quiz %s", quiz["session_id"])
        if interrupted:
            log.info("closed %d quiz(zes) interrupted by the last restart", len(interrupted))

    async def _close_one_interrupted(self, quiz: dict) -> None:
        texts = self.texts
        scores = ", ".join(texts("quiz_interrupted_score", rank=rank, name=f"<@{s['user_id']}>", score=s["points"],
                                 correct=s["correct"], answered=s["answered"])
                           for rank, s in enumerate(quiz["scores"][:10], start=1)) or texts("quiz_interrupted_nobody")
        channel = self.bot.get_partial_messageable(quiz["channel_id"], guild_id=quiz["guild_id"])
        for message_id in quiz["message_ids"]:
            try:
                await channel.get_partial_message(message_id).edit(
                    content=fit(texts("quiz_interrupted", scores=scores), MESSAGE_LIMIT), view=None)
            except discord.HTTPException as exc:  # deleted, or the bot lost access: the line below still tells
                log.info("could not edit question message %s of quiz %s (%s)", message_id, quiz["session_id"], exc.status)
        await channel.send(fit(texts("quiz_interrupted_notice", scores=scores), MESSAGE_LIMIT))

    # -- solo and review -------------------------------------------------------------------------
    @quiz.command(name="solo", description="A private quiz just for you")
    @app_commands.describe(essay="only questions on this essay", questions="how many questions")
    @app_commands.autocomplete(essay=essay_choices)
    @quiz_cooldown()
    async def solo_cmd(self, interaction: discord.Interaction[TutorBot], essay: str | None = None,
                       questions: app_commands.Range[int, 1, 100] | None = None) -> None:
        core = self.bot.core
        essays = [self._essay_slug(essay, interaction.guild_id)] if essay else []
        session = await solo_session(core.store, scope(interaction), interaction.user.id, quiz=core.settings.quiz,
                                     essays=essays, questions=questions, grader=self.grader, clock=self.bot.clock,
                                     rng=self.rng)
        await self._begin_solo(interaction, session)

    @app_commands.command(name="review", description="Review the questions due for you (spaced repetition)")
    @app_commands.describe(essay="only items from this essay")
    @app_commands.autocomplete(essay=essay_choices)
    async def review(self, interaction: discord.Interaction[TutorBot], essay: str | None = None) -> None:
        core = self.bot.core
        slug = self._essay_slug(essay, interaction.guild_id) if essay else None
        try:
            session = await review_session(core.store, scope(interaction), interaction.user.id, quiz=core.settings.quiz,
                                           essay=slug, grader=self.grader, clock=self.bot.clock, rng=self.rng)
        except NothingDue as nothing:  # not an error: say when the next review is
            when = f"<t:{int(nothing.next_due.timestamp())}:R>" if nothing.next_due else None
            await send_private(interaction, render_nothing_due(self.quiz_texts, nothing.next_due, when))
            return
        await self._begin_solo(interaction, session)

    async def _begin_solo(self, interaction: discord.Interaction, session: SoloSession) -> None:
        key = (scope(interaction), interaction.user.id)
        old = self.solo.pop(key, None)
        if old is not None:
            await old.finish()
        await session.start()
        self.solo[key] = session
        self.solo_last[key] = interaction
        session.on_time_up = lambda shown: self._solo_time_up(key, shown)
        shown = await session.next_question()
        if shown is None:  # the engine refuses empty sessions, so this is a bug, not a person's mistake
            self.solo.pop(key, None)
            raise RuntimeError("a new private quiz had no first question")
        await interaction.response.send_message(embed=self._question_embed(shown, group=False, kind=session.kind),
                                                view=self._solo_view(shown), ephemeral=True)

    async def solo_answer(self, interaction: discord.Interaction, session_id: int, number: int,
                          answer: int | str | None) -> None:
        key = (scope(interaction), interaction.user.id)
        session = self.solo.get(key)
        if session is None or session.session_id != session_id:
            await send_private(interaction, self.texts("quiz_ended"))
            return
        current = session.current
        if current is None or current.number != number:
            await send_private(interaction, self.texts("quiz_question_closed"))
            return
        self.solo_last[key] = interaction
        result = await (session.skip() if answer is None else session.answer(answer))
        if result.status == "rejected":
            await send_private(interaction, self._rejection(result.reason))
            return
        embed = self._solo_result_embed(result, interaction.guild_id, kind=session.kind)
        view = self._read_view(result)  # after a miss: read the whole cited paragraph
        quiet = discord.AllowedMentions.none()  # the embed quotes the learner's answer and the essay
        if interaction.message is not None:  # a button, or the form a button opened: the question becomes its answer
            await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=quiet)
        elif view is not None:
            await interaction.response.send_message(embed=embed, view=view, ephemeral=True, allowed_mentions=quiet)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=quiet)
        shown = await session.next_question()
        if shown is not None:
            await interaction.followup.send(embed=self._question_embed(shown, group=False, kind=session.kind),
                                            view=self._solo_view(shown), ephemeral=True)
            return
        self.solo.pop(key, None)
        self.solo_last.pop(key, None)
        await interaction.followup.send(embed=self._solo_summary_embed(await session.finish()), ephemeral=True)

    async def solo_stop(self, interaction: discord.Interaction, session_id: int) -> None:
        key = (scope(interaction), interaction.user.id)
        session = self.solo.pop(key, None)
        self.solo_last.pop(key, None)
        if session is None or session.session_id != session_id:
            await send_private(interaction, self.texts("quiz_ended"))
            return
        summary = await session.finish()
        await interaction.response.edit_message(embed=self._solo_summary_embed(summary), view=None)

    # -- rendering --------------------------------------------------------------------------------
    def _essay_slug(self, value: str, guild_id: int | None) -> str:
        """An essay id, an unambiguous start of one, or its author's name ("/quiz solo walt")."""
        try:
            return find_essay(self.bot.core.library.essays_for(guild_id), value).slug
        except EssayNotFound:
            raise UserError(self.texts("quiz_unknown_essay", essay=fit(value, 80))) from None

    def _essay_title(self, slug: str, guild_id: int | None) -> str:
        essay = self.bot.core.library.get_essay(slug, guild_id)
        return essay.display_short_title if essay else slug

    def _question_embed(self, shown: QuestionShown, *, group: bool, kind: str = "solo") -> discord.Embed:
        texts = self.texts
        title_key = "quiz_question_title" if group or kind == "solo" else "review_question_title"
        embed = discord.Embed(title=texts(title_key, number=shown.number, total=shown.total),
                              description=shown.item.prompt)
        if shown.choices:
            embed.add_field(name=texts("quiz_choices"), inline=False,
                            value="\n".join(f"**{LETTERS[i]}**  {c}" for i, c in enumerate(shown.choices)))
        if group:
            ends = f"<t:{int(shown.deadline.timestamp())}:R>"
            hint = texts("quiz_hint_typed_messages" if shown.typed and self.bot.intents.message_content
                         else "quiz_hint_typed" if shown.typed else "quiz_hint_choice")
            embed.add_field(name=texts("quiz_time"), value=texts("quiz_ends", ends=ends, seconds=shown.seconds), inline=False)
            embed.set_footer(text=hint)
        return fit_embed(embed)

    def _group_view(self, shown: QuestionShown, *, disabled: bool) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        if shown.choices:
            for i, choice in enumerate(shown.choices):
                view.add_item(GroupChoiceButton(shown.session_id, shown.number, i, f"{LETTERS[i]}: {choice}", disabled))
        else:
            view.add_item(GroupTypedButton(shown.session_id, shown.number, self.texts("quiz_answer_button"), disabled))
        return view

    def _group_view_from(self, message: discord.Message, session_id: int, number: int) -> discord.ui.View:
        """The question's buttons, greyed out, rebuilt from what was sent. Dynamic items only, so
        discord.py keeps no per-message view in memory for the thousands of questions to come."""
        view = discord.ui.View(timeout=None)
        for row in message.components:
            for comp in getattr(row, "children", []):
                custom_id = getattr(comp, "custom_id", None) or ""
                choice = re.fullmatch(r"qg:\d+:\d+:(\d)", custom_id)
                if choice:
                    view.add_item(GroupChoiceButton(session_id, number, int(choice[1]), comp.label or "?", disabled=True))
                elif custom_id.endswith(":typed"):
                    view.add_item(GroupTypedButton(session_id, number, comp.label or "?", disabled=True))
        return view

    def _solo_view(self, shown: QuestionShown) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        sid, n = shown.session_id, shown.number
        if shown.choices:
            for i, choice in enumerate(shown.choices):
                view.add_item(SoloButton(sid, n, str(i), f"{LETTERS[i]}: {choice}"))
        else:
            view.add_item(SoloButton(sid, n, "typed", self.texts("quiz_answer_button"), style=discord.ButtonStyle.primary))
        view.add_item(SoloButton(sid, n, "skip", self.texts("quiz_skip_button")))
        view.add_item(SoloButton(sid, n, "stop", self.texts("quiz_stop_button"), style=discord.ButtonStyle.danger))
        return view

    def _source(self, item: Any, guild_id: int | None) -> str:
        if not item.essay:
            return ""
        title = self._essay_title(item.essay, guild_id)
        if item.paragraph:
            return self.texts("quiz_source_paragraph", title=title, paragraph=item.paragraph)
        return self.texts("quiz_source_essay", title=title)

    def _reveal_embed(self, event: QuestionRevealed, guild_id: int) -> discord.Embed:
        texts = self.texts
        answer = f"||{event.answer_text}||" if event.spoiler else event.answer_text
        description = (texts("quiz_reveal_answer", answer=answer) if event.answer_shown
                       else self.quiz_texts("reveal_hidden"))
        embed = discord.Embed(title=texts("quiz_reveal_title", number=event.number, total=event.total),
                              description=description)
        if event.correct_players:
            who = ", ".join(f"<@{p.user_id}> (+{p.points})" for p in event.correct_players)
        else:
            who = texts("quiz_reveal_nobody")
        embed.add_field(name=texts("quiz_reveal_who"), value=who, inline=False)
        if event.item.explanation and event.answer_shown:
            explanation = f"||{event.item.explanation}||" if event.spoiler else event.item.explanation
            embed.add_field(name=texts("quiz_explanation"), value=explanation, inline=False)
        source = self._source(event.item, guild_id)
        if source:
            embed.add_field(name=texts("quiz_source"), value=source, inline=False)
        if event.standings:
            embed.add_field(name=texts("quiz_standings"), inline=False, value="\n".join(
                texts("quiz_standing_line", rank=s.rank, name=f"<@{s.user_id}>", score=s.score)
                for s in event.standings[:10]))
        return fit_embed(embed)

    def _final_embed(self, event: SessionEnded) -> discord.Embed:
        texts = self.texts
        reason = {"completed": texts("quiz_end_completed"), "idle": texts("quiz_end_idle"),
                  "stopped": texts("quiz_end_stopped", user=f"<@{event.stopped_by}>" if event.stopped_by else "?"),
                  "error": texts("quiz_end_error")}[event.reason]
        embed = discord.Embed(title=texts("quiz_final_title"), description=reason)
        if not event.board:
            embed.add_field(name=texts("quiz_final_board"), value=texts("quiz_final_empty"), inline=False)
        else:
            lines = []
            for s in event.board:
                medal = MEDALS[s.rank - 1] if s.rank <= 3 else f"{s.rank}."
                lines.append(texts("quiz_final_line", medal=medal, name=f"<@{s.user_id}>", score=s.score,
                                   correct=s.correct, answered=s.answered))
            embed.add_field(name=texts("quiz_final_board"), value="\n".join(lines), inline=False)
        if event.winner is not None:
            best = next((s for s in event.board if s.user_id == event.winner), None)
            embed.description = f"{embed.description}\n{self.quiz_texts('final_winner', name=f'<@{event.winner}>', score=best.correct if best else '?')}"
        if event.missed:
            embed.add_field(name=self.quiz_texts("recap_title", count=len(event.missed)), inline=False,
                            value="\n".join(recap_lines(self.quiz_texts, event.missed, width=RECAP_PROMPT,
                                                         titles=event.titles)))
        return fit_embed(embed)

    def _solo_result_embed(self, result: SoloResult, guild_id: int | None, *, kind: str = "solo") -> discord.Embed:
        texts = self.texts
        title_key = "review_question_title" if kind == "review" else "quiz_question_title"
        if result.status == "correct" and result.late:
            head = self.quiz_texts("solo_correct_late", answer=result.answer_text, seconds=result.seconds)
        elif result.status == "correct" and result.practice:
            head = self.quiz_texts("solo_correct_practice", answer=result.answer_text)
        elif result.status == "correct":
            head = texts("solo_correct", answer=result.answer_text, points=result.points)
        elif result.status == "skipped" or not result.given:
            head = texts("solo_skipped", answer=result.answer_text)
        else:
            head = texts("solo_wrong", answer=result.answer_text, given=fit(result.given, 200))
        if result.needs:
            head += "\n" + texts("quiz_needs", words=", ".join(result.needs))
        embed = discord.Embed(title=texts(title_key, number=result.number, total=result.total),
                              description=f"{result.item.prompt}\n\n{head}")
        if result.item.explanation:
            embed.add_field(name=texts("quiz_explanation"), value=result.item.explanation, inline=False)
        passage = result.passage
        if passage is not None:  # after a miss: the passage itself, with title, author and paragraph
            embed.add_field(name=texts("quiz_passage_field"), inline=False, value=texts(
                "quiz_passage", sentence=passage.sentence, title=passage.title, author=passage.author,
                paragraph=passage.paragraph))
        else:
            source = self._source(result.item, guild_id)
            if source:
                embed.add_field(name=texts("quiz_source"), value=source, inline=False)
        return fit_embed(embed)

    async def _solo_time_up(self, key: tuple[int, int], shown: QuestionShown) -> None:
        """The question's time ran out unanswered: say so privately (a late answer scores 0)."""
        interaction = self.solo_last.get(key)
        if interaction is None or self.solo.get(key) is None:
            return
        await interaction.followup.send(render_time_up(self.quiz_texts, shown), ephemeral=True,
                                        allowed_mentions=discord.AllowedMentions.none())

    def _read_view(self, result: SoloResult) -> discord.ui.View | None:
        passage = result.passage
        if passage is None:
            return None
        view = discord.ui.View(timeout=None)
        view.add_item(ReadButton(passage.slug, passage.paragraph,
                                 fit(self.texts("quiz_read_button", paragraph=passage.paragraph), BUTTON_LABEL)))
        return view

    def _solo_summary_embed(self, summary: Any) -> discord.Embed:
        texts = self.texts
        embed = discord.Embed(title=texts("solo_summary_title"),
                              description=texts("solo_summary", correct=summary.correct, asked=summary.asked,
                                                score=summary.score, wrong=summary.wrong, skipped=summary.skipped,
                                                late=summary.late))
        if summary.missed:  # what was missed, with the answer and the paragraph to read
            embed.add_field(name=texts("solo_missed"), inline=False,
                            value="\n".join(recap_lines(self.quiz_texts, summary.missed, limit=5, width=RECAP_PROMPT,
                                                         titles=summary.titles)))
        return fit_embed(embed)


async def setup(bot: TutorBot) -> None:
    await bot.add_cog(QuizCog(bot))
