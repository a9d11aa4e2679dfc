"""The quiz's buttons and answer form, and the views that carry them.

Buttons are dynamic items: their custom_id carries the session id and question number
(`qg:<session>:<n>:<choice|typed>` in a channel, `qs:<session>:<n>:<choice|typed|skip|stop>` in a
private quiz), so a press on a message from before a restart is rebuilt here and answered "this
quiz has ended" instead of Discord's "interaction failed". Keep the prefixes: a changed one orphans
the buttons on old messages. Callbacks look the cog up by name (`_cog`) and say so if it is missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal, cast

import discord

from bot.discord_bot.autocomplete import scope
from bot.discord_bot.cogs.ask import ReadButton
from bot.discord_bot.cogs.shared import ReportingModal, cog_named, guarded
from bot.discord_bot.limits import BUTTON_LABEL, MODAL_TITLE, fit
from bot.discord_bot.replies import send_private
from bot.prompts import PromptSection
from bot.quiz.session import QuestionShown, SoloResult

if TYPE_CHECKING:
    from bot.discord_bot.cogs.quiz.cog import QuizCog

LETTERS = "ABCDE"


def _cog(interaction: discord.Interaction) -> QuizCog:
    return cast("QuizCog", cog_named(interaction, "QuizCog", "quizzes are not available right now"))


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


# -- views ---------------------------------------------------------------------------------------


def group_view(texts: PromptSection, shown: QuestionShown, *, disabled: bool) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if shown.choices:
        for i, choice in enumerate(shown.choices):
            view.add_item(GroupChoiceButton(shown.session_id, shown.number, i, f"{LETTERS[i]}: {choice}", disabled))
    else:
        view.add_item(GroupTypedButton(shown.session_id, shown.number, texts("quiz_answer_button"), disabled))
    return view


def group_view_from(message: discord.Message, session_id: int, number: int) -> discord.ui.View:
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


def solo_view(texts: PromptSection, shown: QuestionShown) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    sid, n = shown.session_id, shown.number
    if shown.choices:
        for i, choice in enumerate(shown.choices):
            view.add_item(SoloButton(sid, n, str(i), f"{LETTERS[i]}: {choice}"))
    else:
        view.add_item(SoloButton(sid, n, "typed", texts("quiz_answer_button"), style=discord.ButtonStyle.primary))
    view.add_item(SoloButton(sid, n, "skip", texts("quiz_skip_button")))
    view.add_item(SoloButton(sid, n, "stop", texts("quiz_stop_button"), style=discord.ButtonStyle.danger))
    return view


def read_view(texts: PromptSection, result: SoloResult) -> discord.ui.View | None:
    passage = result.passage
    if passage is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(ReadButton(passage.slug, passage.paragraph,
                             fit(texts("quiz_read_button", paragraph=passage.paragraph), BUTTON_LABEL)))
    return view
