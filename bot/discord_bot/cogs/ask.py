"""/ask: the tutor's cited answer, 👍/👎 feedback, "Read ¶N", and a thread for follow-ups.

The conversation (what "why?" refers to) is the tutor's, keyed by (server, channel or thread,
person). Opening a thread carries the asker's context into it, so the first follow-up there still
knows what it follows. The bot also answers an @mention and a DM (Discord delivers their text
without the Message Content intent); with that intent, also a reply to it and every message in a
thread it opened for follow-ups.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.corpus.authors import display_surname
from bot.discord_bot.autocomplete import essay_choices, scope
from bot.discord_bot.checks import ask_cooldown
from bot.discord_bot.cogs.shared import cog_named, tutor_bot
from bot.discord_bot.limits import fit, split_message
from bot.discord_bot.replies import report_error, send_private
from bot.errors import UserError
from bot.model.embedding import ModelUnavailable
from bot.prompts import PromptSection

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

log = logging.getLogger(__name__)

THREAD_NAME = 90
READ_BUTTONS = 2  # "Read ¶N" buttons under an answer, for its first cited paragraphs
OPTION_BUTTONS = 8  # a clarifying question's options, one button each (as many as the core offers)


def _ask_cog(interaction: discord.Interaction) -> AskCog:
    return cast("AskCog", cog_named(interaction, "AskCog", "answers are not available right now"))


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button], template=r"ask:fb:(?P<aid>\d+):(?P<helpful>[01])"):
    def __init__(self, answer_id: int, helpful: bool):
        super().__init__(discord.ui.Button(emoji="👍" if helpful else "👎", style=discord.ButtonStyle.secondary,
                                           custom_id=f"ask:fb:{answer_id}:{int(helpful)}"))
        self.answer_id, self.helpful = answer_id, helpful

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> FeedbackButton:
        return cls(int(match["aid"]), match["helpful"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = tutor_bot(interaction)
        texts = bot.texts
        try:
            await bot.core.store.set_feedback(
                scope(interaction), self.answer_id, interaction.user.id, self.helpful)
            await send_private(interaction, texts("ask_feedback_up" if self.helpful else "ask_feedback_down"))
        except Exception as exc:  # noqa: BLE001
            await report_error(interaction, exc)


class ThreadButton(discord.ui.DynamicItem[discord.ui.Button], template=r"ask:th:(?P<aid>\d+):(?P<uid>\d+)"):
    def __init__(self, answer_id: int, user_id: int, label: str = "Follow up in a thread"):
        super().__init__(discord.ui.Button(label=label, emoji="🧵", style=discord.ButtonStyle.primary,
                                           custom_id=f"ask:th:{answer_id}:{user_id}"))
        self.answer_id, self.user_id = answer_id, user_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> ThreadButton:
        return cls(int(match["aid"]), int(match["uid"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:  # the conversation is the asker's
            await send_private(interaction, tutor_bot(interaction).texts("ask_thread_not_yours"))
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await _ask_cog(interaction).open_thread(interaction)
        except Exception as exc:  # noqa: BLE001
            await report_error(interaction, exc)


class ReadButton(discord.ui.DynamicItem[discord.ui.Button], template=r"ask:rd:(?P<slug>[a-z0-9-]{1,80}):(?P<n>\d{1,5})"):
    """"Read ¶N" under an answer: the whole cited paragraph, privately (anyone may press it)."""

    def __init__(self, slug: str, number: int, label: str = ""):
        super().__init__(discord.ui.Button(label=label or f"Read ¶{number}", emoji="📖",
                                           style=discord.ButtonStyle.secondary, custom_id=f"ask:rd:{slug}:{number}"))
        self.slug, self.number = slug, number

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> ReadButton:
        return cls(match["slug"], int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            shown = await tutor_bot(interaction).core.tutor.read_paragraph(
                self.slug, self.number, guild_id=scope(interaction))
            await send_private(interaction, shown.answer)
        except Exception as exc:  # noqa: BLE001
            await report_error(interaction, exc)


class OptionButton(discord.ui.DynamicItem[discord.ui.Button], template=r"ask:op:(?P<uid>\d+):(?P<n>\d)"):
    """One option of the tutor's clarifying question ("Rana's ¶5 or Walt's ¶5?"): pressing it asks
    that option's question, as typing its number would (the tutor keeps the options)."""

    def __init__(self, user_id: int, number: int, label: str = ""):
        super().__init__(discord.ui.Button(label=label or str(number), style=discord.ButtonStyle.primary,
                                           custom_id=f"ask:op:{user_id}:{number}"))
        self.user_id, self.number = user_id, number

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> OptionButton:
        return cls(int(match["uid"]), int(match["n"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:  # the clarification is the asker's
            await send_private(interaction, tutor_bot(interaction).texts("ask_option_not_yours"))
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await _ask_cog(interaction).answer_option(interaction, self.number)
        except Exception as exc:  # noqa: BLE001
            await report_error(interaction, exc)


class AskCog(commands.Cog):
    def __init__(self, bot: TutorBot):
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(FeedbackButton, ThreadButton, ReadButton, OptionButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(FeedbackButton, ThreadButton, ReadButton, OptionButton)

    @property
    def texts(self) -> PromptSection:
        return self.bot.texts

    def _view(self, answer, user_id: int, *, thread_button: bool) -> discord.ui.View | None:
        view = discord.ui.View(timeout=None)
        for n, option in enumerate(answer.options[:OPTION_BUTTONS], 1):
            view.add_item(OptionButton(user_id, n, fit(f"{n}. {option.label.replace('*', '')}", 80)))
        if answer.answer_id is not None:
            view.add_item(FeedbackButton(answer.answer_id, True))
            view.add_item(FeedbackButton(answer.answer_id, False))
            if thread_button:
                view.add_item(ThreadButton(answer.answer_id, user_id, self.texts("ask_thread_button")))
        if answer.kind != "paragraph":  # a shown paragraph needs no button to show it again
            cited = list(dict.fromkeys((c.essay, c.paragraph) for c in answer.citations))[:READ_BUTTONS]
            several = len({slug for slug, _ in cited}) > 1
            essays = self.bot.core.library.essays
            for slug, number in cited:
                essay = essays.get(slug)
                label = (self.texts("ask_read_button_author", surname=display_surname(essay), paragraph=number)
                         if several and essay else self.texts("ask_read_button", paragraph=number))
                view.add_item(ReadButton(slug, number, label))
        return view if view.children else None

    def _render(self, question: str, answer) -> list[str]:
        return split_message(self.texts("ask_reply", question=fit(question, 300), answer=answer.answer))

    @app_commands.command(name="ask", description="Ask the tutor about the essays; the answer quotes and cites them")
    @app_commands.describe(question="your question", essay="only this essay", private="only you see the answer")
    @app_commands.autocomplete(essay=essay_choices)
    @ask_cooldown()
    async def ask(self, interaction: discord.Interaction[TutorBot], question: app_commands.Range[str, 1, 2000],
                  essay: str | None = None, private: bool = False) -> None:
        tutor = self.bot.core.tutor
        # Checked before deferring: after a public "thinking" reply, the first follow-up replaces it
        # publicly, and a person's mistake should stay private.
        question = tutor.library.validate_query(question)
        if essay is not None and tutor.library.get_essay(essay, interaction.guild_id) is None:
            raise UserError(self.texts("quiz_unknown_essay", essay=fit(essay, 80)))
        await interaction.response.defer(ephemeral=private, thinking=True)
        try:
            answer = await tutor.ask(question, guild_id=scope(interaction), channel_id=interaction.channel_id or 0,
                                     user_id=interaction.user.id, essay=essay)
        except Exception:
            if not private:  # take the public "thinking" message down so the error goes privately
                try:
                    await interaction.delete_original_response()
                except discord.HTTPException:
                    pass
            raise
        threadable = (not private and interaction.guild is not None
                      and isinstance(interaction.channel, discord.TextChannel))
        chunks = self._render(question, answer)
        for n, chunk in enumerate(chunks):
            last = n == len(chunks) - 1
            view = self._view(answer, interaction.user.id, thread_button=threadable) if last else None
            if view:
                await interaction.followup.send(chunk, ephemeral=private, view=view)
            else:
                await interaction.followup.send(chunk, ephemeral=private)

    async def answer_option(self, interaction: discord.Interaction, number: int) -> None:
        """Ask the picked option's question in the asker's conversation, where the clarification was."""
        await interaction.response.defer(thinking=True)
        answer = await self.bot.core.tutor.ask(str(number), guild_id=scope(interaction),
                                               channel_id=interaction.channel_id or 0, user_id=interaction.user.id)
        chunks = split_message(self.texts("ask_reply", question=fit(answer.question, 300), answer=answer.answer))
        for n, chunk in enumerate(chunks):
            view = self._view(answer, interaction.user.id, thread_button=False) if n == len(chunks) - 1 else None
            if view:
                await interaction.followup.send(chunk, allowed_mentions=discord.AllowedMentions.none(), view=view)
            else:
                await interaction.followup.send(chunk, allowed_mentions=discord.AllowedMentions.none())

    async def open_thread(self, interaction: discord.Interaction) -> None:
        texts = self.texts
        message = interaction.message
        if message is None or interaction.guild is None or not isinstance(interaction.channel, discord.TextChannel):
            raise UserError(texts("ask_thread_unavailable"))
        existing = interaction.guild.get_thread(message.id)
        if existing is not None:
            await send_private(interaction, texts("ask_thread_exists", thread=existing.mention))
            return
        question = self._question_of(message) or texts("ask_thread_default_name")
        thread = await message.create_thread(name=fit(texts("ask_thread_name", question=question), THREAD_NAME))
        # Carry the conversation into the thread so the first follow-up there has its context.
        conversations = self.bot.core.tutor.conversations
        turn = conversations.get((interaction.guild.id, interaction.channel.id, interaction.user.id))
        if turn is not None:
            conversations.remember((interaction.guild.id, thread.id, interaction.user.id), turn)
        intro_key = "ask_thread_intro_messages" if self.bot.intents.message_content else "ask_thread_intro"
        await thread.send(texts(intro_key, member=interaction.user.mention))
        await send_private(interaction, texts("ask_thread_opened", thread=thread.mention))

    @staticmethod
    def _question_of(message: discord.Message) -> str:
        first = (message.content or "").split("\n", 1)[0]
        return first.lstrip("> ").strip("*_ ")

    # -- mentions and DMs (always); replies and thread messages (Message Content intent) ---------
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None:
            return
        me = self.bot.user
        # Discord delivers the text of a message that mentions the bot, and of a DM, with or
        # without the Message Content intent; other messages arrive empty without it.
        mentioned = me in message.mentions
        direct = message.guild is None
        reads_all = self.bot.intents.message_content
        replied = (reads_all and message.reference is not None
                   and isinstance(message.reference.resolved, discord.Message)
                   and message.reference.resolved.author.id == me.id)
        in_our_thread = reads_all and isinstance(message.channel, discord.Thread) and message.channel.owner_id == me.id
        if not (mentioned or direct or replied or in_our_thread):
            return
        question = re.sub(rf"<@!?{me.id}>", "", message.content).strip()
        if not question:
            return
        try:
            await self._answer_message(message, question)
        except Exception as exc:  # noqa: BLE001 - a person gets one line, the log gets the rest
            await self._reply_error(message, exc)

    async def _answer_message(self, message: discord.Message, question: str) -> None:
        key = (message.guild.id if message.guild else 0, message.author.id)
        seconds = self.bot.settings.discord.ask_cooldown_seconds
        cooldowns = self.bot.cooldowns
        if seconds > 0:
            retry = cooldowns.reserve(message.id, ("ask:message", *key), seconds)
            if retry:
                raise UserError(self.texts("error_cooldown", seconds=max(1, int(retry + 0.999))))
        try:
            async with message.channel.typing():
                answer = await self.bot.core.tutor.ask(question, guild_id=key[0], channel_id=message.channel.id,
                                                       user_id=message.author.id)
            chunks = self._render(question, answer)
            for n, chunk in enumerate(chunks):
                view = self._view(answer, message.author.id, thread_button=False) if n == len(chunks) - 1 else None
                if view:
                    await message.reply(chunk, mention_author=False, view=view)
                else:
                    await message.reply(chunk, mention_author=False)
        except BaseException:
            cooldowns.release(message.id)  # not answered: the cooldown is not spent
            raise
        cooldowns.keep(message.id)

    async def _reply_error(self, message: discord.Message, exc: Exception) -> None:
        if isinstance(exc, UserError):
            text = str(exc)
        elif isinstance(exc, ModelUnavailable):
            log.warning("the model was unavailable for a message in channel %s: %s", message.channel.id, exc)
            text = self.texts("error_model_restarting")
        else:
            log.error("answering a message failed in channel %s", message.channel.id, exc_info=exc)
            text = self.texts("error_generic")
        try:
            await message.reply(fit(text, 2000), mention_author=False)
        except discord.HTTPException:
            log.warning("could not reply with an error in channel %s", message.channel.id)


async def setup(bot: TutorBot) -> None:
    await bot.add_cog(AskCog(bot))
