"""The question of the day's buttons and answer form.

Dynamic items (custom ids `qd:<post>:<choice>` and `qd:<post>:typed`): a question stays open for
hours and across restarts, so a press is resolved from its custom id and the database, never
from a view kept in memory. Callbacks look the cog up by name and say so if it is missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

import discord

from bot.discord_bot.cogs.shared import ReportingModal, cog_named, guarded
from bot.discord_bot.limits import BUTTON_LABEL, MODAL_TITLE, fit

if TYPE_CHECKING:
    from bot.discord_bot.cogs.rhythm.cog import RhythmCog

LETTERS = "ABCDE"


def rhythm_cog(interaction: discord.Interaction) -> RhythmCog:
    return cast("RhythmCog", cog_named(interaction, "RhythmCog", "the question of the day is not available right now"))


class DailyChoiceButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qd:(?P<pid>\d+):(?P<c>\d)"):
    def __init__(self, post_id: int, choice: int, label: str = "?", disabled: bool = False):
        super().__init__(discord.ui.Button(label=fit(label, BUTTON_LABEL), style=discord.ButtonStyle.secondary,
                                           disabled=disabled, custom_id=f"qd:{post_id}:{choice}"))
        self.post_id, self.choice = post_id, choice

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> DailyChoiceButton:
        return cls(int(match["pid"]), int(match["c"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, rhythm_cog(interaction).daily_answer(interaction, self.post_id, self.choice))


class DailyTypeButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qd:(?P<pid>\d+):typed"):
    def __init__(self, post_id: int, label: str = "Type an answer", disabled: bool = False):
        super().__init__(discord.ui.Button(label=fit(label, BUTTON_LABEL), style=discord.ButtonStyle.primary,
                                           disabled=disabled, custom_id=f"qd:{post_id}:typed"))
        self.post_id = post_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> DailyTypeButton:
        return cls(int(match["pid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, rhythm_cog(interaction).open_daily_modal(interaction, self.post_id))


class DailyAnswerModal(ReportingModal):
    def __init__(self, cog: "RhythmCog", post_id: int):
        texts = cog.texts
        super().__init__(title=fit(texts("daily_modal_title"), MODAL_TITLE), custom_id=f"qd-form:{post_id}")
        self.cog, self.post_id = cog, post_id
        self.answer: discord.ui.TextInput[DailyAnswerModal] = discord.ui.TextInput(
            label=fit(texts("daily_modal_label"), 45), custom_id="answer", max_length=200)
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.cog.daily_answer(interaction, self.post_id, self.answer.value)


def question_view(post_id: int, choices: list[str], type_label: str, *, disabled: bool = False) -> discord.ui.View:
    """One button per choice and one to type an answer (a choice may be typed too)."""
    view = discord.ui.View(timeout=None)
    for index, choice in enumerate(choices[:len(LETTERS)]):
        view.add_item(DailyChoiceButton(post_id, index, f"{LETTERS[index]}: {choice}", disabled))
    view.add_item(DailyTypeButton(post_id, type_label, disabled))
    return view
