"""/quiz start|stop|solo and /review: the commands, and the session events they lead to.

Group quizzes post each question to the channel with one button per choice (or an "Answer" button
that opens a modal for typed answers); each player's result is shown only to them. The engine
(`bot.quiz.session`) owns timing, grading, scoring and saving; this cog starts sessions, passes
answers in and hands each event to `embeds` and `components` to show.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import essay_choices, scope
from bot.discord_bot.checks import is_moderator, quiz_cooldown
from bot.discord_bot.cogs.quiz.checks import KIND_CHOICES, pack_choices, refusals_first
from bot.discord_bot.cogs.quiz.components import (
    AnswerModal,
    GroupChoiceButton,
    GroupTypedButton,
    SoloButton,
    group_view,
    group_view_from,
    read_view,
    solo_view,
)
from bot.discord_bot.cogs.quiz.embeds import (
    final_embed,
    question_embed,
    rejection,
    reveal_embed,
    solo_result_embed,
    solo_summary_embed,
)
from bot.discord_bot.cogs.quiz.recovery import Bookkeeping, close_interrupted
from bot.discord_bot.limits import fit
from bot.discord_bot.replies import send_private
from bot.errors import UserError
from bot.prompts import PromptSection
from bot.quiz.format import render_nothing_due, render_time_up
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
        self.bookkeeping = Bookkeeping()  # records of open questions' messages, for restart recovery

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(GroupChoiceButton, GroupTypedButton, SoloButton)
        if not self.bot.for_sync:  # runs beside the gateway connection; HTTP works once logged in
            self.restart_cleanup = asyncio.create_task(close_interrupted(self.bot), name="quiz-restart-cleanup")

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
        await self.bookkeeping.drain()  # the stopped quizzes' records go before the store closes

    @property
    def texts(self) -> PromptSection:
        return self.bot.texts

    @property
    def quiz_texts(self) -> PromptSection:
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
    @refusals_first()
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

    async def _open_group_question(self, interaction: discord.Interaction, session_id: int,
                                   number: int) -> GroupSession | None:
        """The channel's group session when `number` is its open question; otherwise None, and the
        learner is told privately that the quiz ended or the question closed."""
        session = self.sessions.get(interaction.guild_id or 0, interaction.channel_id or 0)
        if session is None or session.session_id != session_id:
            await send_private(interaction, self.texts("quiz_ended"))
            return None
        if session.current_question != number:
            await send_private(interaction, self.texts("quiz_question_closed"))
            return None
        return session

    async def group_answer(self, interaction: discord.Interaction, session_id: int, number: int, answer: int | str) -> None:
        texts = self.texts
        session = await self._open_group_question(interaction, session_id, number)
        if session is None:
            return
        result = await session.submit(interaction.user.id, interaction.user.display_name, answer)
        if result.status == "correct":
            text = texts("quiz_locked_correct", answer=result.answer, points=result.points)
        elif result.status == "wrong":
            text = texts("quiz_locked_wrong", answer=result.answer)
        elif result.status == "rejected":
            text = rejection(self.texts, result.reason)
        elif result.status == "already_answered":
            text = texts("quiz_already_answered")
        else:
            text = texts("quiz_question_closed")
        await send_private(interaction, text)

    async def open_answer_modal(self, interaction: discord.Interaction, mode: Literal["group", "solo"],
                                session_id: int, number: int) -> None:
        texts = self.texts
        if mode == "group" and await self._open_group_question(interaction, session_id, number) is None:
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

    async def _on_group_event(self, channel: Any, event: Any) -> None:
        guild_id = channel.guild.id if channel.guild else 0
        store = self.bot.core.store
        if isinstance(event, QuestionShown):
            embed = question_embed(self.texts, event, group=True, typed_messages=self.bot.intents.message_content)
            message = await channel.send(embed=embed, view=group_view(self.texts, event, disabled=False))
            self.question_messages[(event.session_id, event.number)] = message
            self.bookkeeping.track(lambda: store.add_session_message(guild_id, event.session_id, channel.id, message.id))
        elif isinstance(event, QuestionRevealed):
            message = self.question_messages.pop((event.session_id, event.number), None)
            if message is not None:
                try:
                    await message.edit(view=group_view_from(message, event.session_id, event.number))
                except discord.HTTPException:
                    log.info("could not disable the buttons of question %s", event.number)
            source = self._source(event.item, guild_id)
            await channel.send(embed=reveal_embed(self.texts, self.quiz_texts, event, source))
            if message is not None:
                self.bookkeeping.track(lambda: store.remove_session_messages(guild_id, event.session_id, message.id))
        elif isinstance(event, SessionEnded):
            for key in [k for k in self.question_messages if k[0] == event.session_id]:
                self.question_messages.pop(key, None)
            await channel.send(embed=final_embed(self.texts, self.quiz_texts, event))
            self.bookkeeping.track(lambda: store.remove_session_messages(guild_id, event.session_id))
        elif isinstance(event, AnswerRejected):
            pass  # the player is told privately by whichever path submitted the answer

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
        await interaction.response.send_message(embed=question_embed(self.texts, shown, group=False, kind=session.kind),
                                                view=solo_view(self.texts, shown), ephemeral=True)

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
            await send_private(interaction, rejection(self.texts, result.reason))
            return
        source = self._source(result.item, interaction.guild_id) if result.passage is None else ""
        embed = solo_result_embed(self.texts, self.quiz_texts, result, source, kind=session.kind)
        view = read_view(self.texts, result)  # after a miss: read the whole cited paragraph
        quiet = discord.AllowedMentions.none()  # the embed quotes the learner's answer and the essay
        if interaction.message is not None:  # a button, or the form a button opened: the question becomes its answer
            await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=quiet)
        elif view is not None:
            await interaction.response.send_message(embed=embed, view=view, ephemeral=True, allowed_mentions=quiet)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=quiet)
        shown = await session.next_question()
        if shown is not None:
            await interaction.followup.send(embed=question_embed(self.texts, shown, group=False, kind=session.kind),
                                            view=solo_view(self.texts, shown), ephemeral=True)
            return
        self.solo.pop(key, None)
        self.solo_last.pop(key, None)
        summary = await session.finish()
        await interaction.followup.send(embed=solo_summary_embed(self.texts, self.quiz_texts, summary), ephemeral=True)

    async def solo_stop(self, interaction: discord.Interaction, session_id: int) -> None:
        key = (scope(interaction), interaction.user.id)
        session = self.solo.pop(key, None)
        self.solo_last.pop(key, None)
        if session is None or session.session_id != session_id:
            await send_private(interaction, self.texts("quiz_ended"))
            return
        summary = await session.finish()
        await interaction.response.edit_message(embed=solo_summary_embed(self.texts, self.quiz_texts, summary), view=None)

    # -- lookups for the rendering ----------------------------------------------------------------
    def _essay_slug(self, value: str, guild_id: int | None) -> str:
        """An essay id, an unambiguous start of one, or its author's name ("/quiz solo walt")."""
        try:
            return find_essay(self.bot.core.library.essays_for(guild_id), value).slug
        except EssayNotFound:
            raise UserError(self.texts("quiz_unknown_essay", essay=fit(value, 80))) from None

    def _essay_title(self, slug: str, guild_id: int | None) -> str:
        essay = self.bot.core.library.get_essay(slug, guild_id)
        return essay.display_short_title if essay else slug

    def _source(self, item: Any, guild_id: int | None) -> str:
        if not item.essay:
            return ""
        title = self._essay_title(item.essay, guild_id)
        if item.paragraph:
            return self.texts("quiz_source_paragraph", title=title, paragraph=item.paragraph)
        return self.texts("quiz_source_essay", title=title)

    async def _solo_time_up(self, key: tuple[int, int], shown: QuestionShown) -> None:
        """The question's time ran out unanswered: say so privately (a late answer scores 0)."""
        interaction = self.solo_last.get(key)
        if interaction is None or self.solo.get(key) is None:
            return
        await interaction.followup.send(render_time_up(self.quiz_texts, shown), ephemeral=True,
                                        allowed_mentions=discord.AllowedMentions.none())
