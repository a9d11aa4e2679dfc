"""/progress [member] and /leaderboard [by]: the store's stats as embeds, plus a chart.

Another member's progress is shown only if they share it (the default; `/mydata sharing`
turns it off) or to a moderator, and always privately to the person who asked.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import scope
from bot.discord_bot.charts import progress_chart
from bot.discord_bot.checks import is_moderator
from bot.discord_bot.limits import fit, fit_embed
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

BY_CHOICES = [
    app_commands.Choice(name="points", value="points"),
    app_commands.Choice(name="accuracy", value="accuracy"),
    app_commands.Choice(name="streak", value="streak"),
]


# Answers a member needs before they are ranked by accuracy (so one lucky answer cannot top it).
ACCURACY_MIN_ANSWERS = 10


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


class ProgressCog(commands.Cog):
    def __init__(self, bot: TutorBot):
        self.bot = bot

    @app_commands.command(name="progress", description="Your progress (or a member's, if they share it)")
    @app_commands.describe(member="whose progress (they must share it, unless you are a moderator)")
    async def progress(self, interaction: discord.Interaction[TutorBot], member: discord.Member | None = None) -> None:
        texts = self.bot.texts
        store = self.bot.core.store
        where = scope(interaction)
        target = member or interaction.user
        if target.id != interaction.user.id:
            if interaction.guild_id is None:
                raise UserError(texts("error_guild_only"))
            if not await store.shares_progress(where, target.id) and not await is_moderator(interaction):
                raise UserError(texts("progress_not_shared", member=target.mention))
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await store.learner_progress(where, target.id)
        embed = discord.Embed(title=texts("progress_title", member=target.display_name))
        if report.attempts == 0 and report.questions_asked == 0:
            embed.description = texts("progress_empty")
            await interaction.followup.send(embed=fit_embed(embed), ephemeral=True)
            return
        embed.description = texts("progress_summary", attempts=report.attempts, correct=report.correct,
                                  skipped=report.skipped,
                                  accuracy=_pct(report.accuracy), points=report.points, questions=report.questions_asked)
        embed.add_field(name=texts("progress_streaks"), inline=False, value=texts(
            "progress_streaks_value", day_streak=report.day_streak, best_day_streak=report.best_day_streak,
            answer_streak=report.answer_streak, best_answer_streak=report.best_answer_streak))
        next_due = (f"<t:{int(report.next_due.timestamp())}:R>" if report.next_due else texts("progress_nothing_scheduled"))
        embed.add_field(name=texts("progress_review"), inline=False,
                        value=texts("progress_review_value", due_now=report.due_now, next_due=next_due))
        library = self.bot.core.library
        for e in report.essays[:10]:
            essay = library.get_essay(e.essay, interaction.guild_id)
            embed.add_field(name=essay.display_short_title if essay else e.essay, inline=False, value=texts(
                "progress_essay_value", mastery=f"{e.mastery:.0%}", seen=e.items_seen, total=e.items_total,
                accuracy=_pct(e.accuracy), attempts=e.attempts))
        if report.recent:  # by the question as it was asked, not by item id
            p = self.bot.core.prompts.section("progress")
            embed.add_field(name=p("recent_header"), inline=False, value="\n".join(
                p("recent_line", when=f"<t:{int(r.at.timestamp())}:R>", question=fit(r.prompt or r.item_id, 80),
                  essay=r.essay, mark=p("mark_correct") if r.correct else p("mark_skipped") if r.skipped else p("mark_wrong"), points=r.points)
                for r in report.recent[:5]))
        history = await store.progress_history(where, target.id)
        files = []
        if history:
            titles = {slug: e.display_short_title for slug, e in library.essays.items()}
            png = await progress_chart(history, titles, heading=texts("progress_chart_heading", member=target.display_name))
            files.append(discord.File(io.BytesIO(png), filename="progress.png"))
            embed.set_image(url="attachment://progress.png")
        await interaction.followup.send(embed=fit_embed(embed), files=files, ephemeral=True)

    @app_commands.command(name="leaderboard", description="This server's leaderboard")
    @app_commands.describe(by="rank by points, accuracy or day streak")
    @app_commands.choices(by=BY_CHOICES)
    @app_commands.guild_only()
    async def leaderboard(self, interaction: discord.Interaction[TutorBot], by: app_commands.Choice[str] | None = None) -> None:
        texts = self.bot.texts
        kind = by.value if by else "points"
        store = self.bot.core.store
        rows = await store.leaderboard(interaction.guild_id or 0, by=kind, min_attempts=ACCURACY_MIN_ANSWERS)
        embed = discord.Embed(title=texts("leaderboard_title", by=kind))
        players = [] if rows or kind != "accuracy" else await store.leaderboard(
            interaction.guild_id or 0, by="points", limit=1000)
        if players:  # people played, but nobody has enough answers for accuracy to mean something
            embed.description = texts("leaderboard_accuracy_needs", min=ACCURACY_MIN_ANSWERS,
                                      most=max(r.attempts for r in players))
        elif not rows:
            embed.description = texts("leaderboard_empty")
        else:
            embed.description = "\n".join(texts(
                "leaderboard_line", rank=r.rank, member=f"<@{r.user_id}>", points=r.points, accuracy=_pct(r.accuracy),
                attempts=r.attempts, day_streak=r.day_streak) for r in rows)
        embed.timestamp = self.bot.clock.now()
        await interaction.response.send_message(embed=fit_embed(embed))


async def setup(bot: TutorBot) -> None:
    await bot.add_cog(ProgressCog(bot))
