"""The study group's rhythm on Discord: /tutor schedule, /remind, /next, and the scheduler.

- `/tutor schedule daily|digest|show|remove` (moderators): the question of the day and the weekly
  digest. The subgroup is attached to the moderation cog's `/tutor` group when this cog loads, so
  it shares `/tutor`'s default permission (Manage Server; Discord sets permissions per top-level
  command) while its code stays here; every use is checked again (`moderator_only`).
- `/remind on|off`: opt-in review reminders by DM. A member whose DMs are closed gets one private
  notice at their next command, and their reminders are off until they turn them on again.
- `/next`: what to read next (`bot.rhythm.path`), with Read buttons.
- The scheduler (`bot.rhythm.runner.RhythmRunner`) starts in `cog_load` (not for `tutorbot sync`)
  and stops in `cog_unload`, letting a pass in progress finish first.

The question of the day itself (choice, answers, reveal) is `bot.rhythm.daily`; this cog only
renders it (`embeds`), takes presses (`components`) and delivers (`adapter`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import essay_choices, scope
from bot.discord_bot.checks import moderator_only
from bot.discord_bot.cogs.ask import ReadButton
from bot.discord_bot.cogs.rhythm.adapter import NO_PINGS, DiscordRhythm
from bot.discord_bot.cogs.rhythm.components import DailyAnswerModal, DailyChoiceButton, DailyTypeButton
from bot.discord_bot.cogs.rhythm.embeds import NEXT_SHOWN, next_embed, timestamp, whole_lines
from bot.discord_bot.limits import BUTTON_LABEL, CHOICE_NAME, CHOICES, EMBED_DESCRIPTION, fit, fit_embed
from bot.discord_bot.replies import send_private
from bot.errors import UserError
from bot.prompts import PromptSection
from bot.quiz.session import EssayNotFound, find_essay
from bot.rhythm import schedules
from bot.rhythm.daily import DailyQuestions
from bot.rhythm.path import study_path
from bot.rhythm.runner import RhythmRunner
from bot.rhythm.timing import next_occurrence, parse_timezone, zone_names

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

log = logging.getLogger(__name__)

DEFAULT_REMIND_HOUR = 18
REJECTIONS = {"empty": "quiz_reject_empty", "guess_list": "quiz_reject_guess_list",
              "invalid_choice": "quiz_reject_invalid_choice", "too_long": "quiz_reject_too_long"}
WEEKDAY_CHOICES = [app_commands.Choice(name=schedules.weekday_name(n), value=n) for n in range(7)]
KIND_CHOICES = [app_commands.Choice(name="question of the day", value="daily"),
                app_commands.Choice(name="weekly digest", value="digest")]


async def timezone_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    needle = current.strip().lower().replace(" ", "_")
    names = [n for n in zone_names() if not needle or needle in n.lower()]
    names.sort(key=lambda n: (not n.lower().startswith(needle), len(n), n))
    return [app_commands.Choice(name=fit(n, CHOICE_NAME), value=n) for n in names[:CHOICES]]


class ScheduleGroup(app_commands.Group):
    """`/tutor schedule ...`: lives with the rhythm, hangs under `/tutor` (see the module docstring)."""

    def __init__(self, cog: "RhythmCog"):
        super().__init__(name="schedule", description="The question of the day and the weekly digest (moderators)")
        self.cog = cog

    @app_commands.command(name="daily", description="Post a question of the day in a channel at a set time")
    @app_commands.describe(channel="where to post it", time="local time, like 09:00 or 7pm",
                           timezone="IANA timezone, like Europe/Berlin (default: the server's, else UTC)",
                           essay="only questions on this essay", hours="reveal the answer after this many hours "
                           "(default: when the next question is posted)")
    @app_commands.autocomplete(timezone=timezone_choices, essay=essay_choices)
    @moderator_only()
    async def daily(self, interaction: discord.Interaction[TutorBot], channel: discord.TextChannel,
                    time: app_commands.Range[str, 1, 20], timezone: app_commands.Range[str, 1, 64] | None = None,
                    essay: app_commands.Range[str, 1, 100] | None = None,
                    hours: app_commands.Range[int, 1, 23] | None = None) -> None:
        await self.cog.set_schedule(interaction, "daily", channel, time, timezone, essay=essay, hours=hours)

    @app_commands.command(name="digest", description="Post a weekly digest in a channel on a set day and time")
    @app_commands.describe(channel="where to post it", day="the day of the week", time="local time, like 18:00",
                           timezone="IANA timezone, like Europe/Berlin (default: the server's, else UTC)")
    @app_commands.choices(day=WEEKDAY_CHOICES)
    @app_commands.autocomplete(timezone=timezone_choices)
    @moderator_only()
    async def digest(self, interaction: discord.Interaction[TutorBot], channel: discord.TextChannel,
                     day: app_commands.Choice[int], time: app_commands.Range[str, 1, 20],
                     timezone: app_commands.Range[str, 1, 64] | None = None) -> None:
        await self.cog.set_schedule(interaction, "digest", channel, time, timezone, weekday=day.value)

    @app_commands.command(name="show", description="This server's schedules and when each runs next")
    @moderator_only()
    async def show(self, interaction: discord.Interaction[TutorBot]) -> None:
        await self.cog.show_schedules(interaction)

    @app_commands.command(name="remove", description="Stop the question of the day or the weekly digest")
    @app_commands.describe(what="which schedule to remove")
    @app_commands.choices(what=KIND_CHOICES)
    @moderator_only()
    async def remove(self, interaction: discord.Interaction[TutorBot], what: app_commands.Choice[str]) -> None:
        await self.cog.remove_schedule(interaction, what.value)


class RhythmCog(commands.Cog):
    remind = app_commands.Group(name="remind", description="Review reminders by direct message")

    def __init__(self, bot: "TutorBot"):
        self.bot = bot
        self.schedule_group = ScheduleGroup(self)
        self.runner: RhythmRunner | None = None
        self.daily: DailyQuestions | None = None
        self.pending_notices: set[int] = set()
        self._notice_work: set[asyncio.Task] = set()
        self.rng = random.Random()

    @property
    def texts(self) -> PromptSection:
        return self.bot.core.prompts.section("rhythm")

    def _essays_for(self, guild_id: int | None):
        return self.bot.core.library.essays_for(guild_id or None)

    # ------------------------------------------------------------------ lifecycle
    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DailyChoiceButton, DailyTypeButton)
        tutor = self.bot.tree.get_command("tutor")
        if isinstance(tutor, app_commands.Group):
            tutor.add_command(self.schedule_group, override=True)
        else:  # the moderation cog is not loaded: the schedules can only be read, not set
            log.warning("no /tutor group: /tutor schedule is unavailable")
        if self.bot.for_sync:
            return
        core = self.bot.core
        self.daily = DailyQuestions(core.store, core.grader, self._essays_for, self.bot.clock, self.rng)
        self.runner = RhythmRunner(core.store, self.daily, self._essays_for, DiscordRhythm(self), self.bot.clock,
                                   owns=core.owns_guild)
        self.runner.after_tick(self._refresh_notices)
        self.runner.start()

    async def cog_unload(self) -> None:
        if self.runner is not None:
            await self.runner.stop()
        await self.notices_given()
        tutor = self.bot.tree.get_command("tutor")
        if isinstance(tutor, app_commands.Group) and tutor.get_command("schedule") is self.schedule_group:
            tutor.remove_command("schedule")
        self.bot.remove_dynamic_items(DailyChoiceButton, DailyTypeButton)

    async def _refresh_notices(self) -> None:
        """Members owed the closed-DM notice (set by whichever process tried to DM them)."""
        self.pending_notices = await self.bot.core.store.pending_reminder_notices()

    # ------------------------------------------------------------------ /tutor schedule
    async def _default_zone(self, guild_id: int) -> str:
        for row in await self.bot.core.store.get_schedules(guild_id):
            return row["timezone"]
        return "UTC"

    def _essay(self, value: str | None, guild_id: int | None) -> tuple[str | None, str]:
        if not value:
            return None, ""
        try:
            essay = find_essay(self._essays_for(guild_id), value)
        except EssayNotFound:
            raise UserError(self.texts("schedule_unknown_essay", essay=fit(value, 80))) from None
        return essay.slug, essay.display_short_title

    def _check_channel(self, interaction: discord.Interaction, channel: discord.abc.GuildChannel) -> None:
        guild = interaction.guild
        cached = guild.get_channel(channel.id) if guild else None
        me = guild.me if guild else None
        if cached is None or me is None:
            return  # cannot tell from here: a failed post turns the schedule off with an audit line
        perms = cached.permissions_for(me)
        if not (perms.view_channel and perms.send_messages and perms.embed_links):
            raise UserError(self.texts("schedule_cannot_post", channel=channel.mention))

    async def set_schedule(self, interaction: discord.Interaction, kind: str, channel: discord.TextChannel, time: str,
                           timezone: str | None, *, essay: str | None = None, hours: int | None = None,
                           weekday: int | None = None) -> None:
        t = self.texts
        guild_id = interaction.guild_id or 0
        store = self.bot.core.store
        plan = schedules.plan(kind, time=time, timezone=timezone or await self._default_zone(guild_id),
                              now=self.bot.clock.now(), weekday=weekday, close_hours=hours)
        slug, title = self._essay(essay, interaction.guild_id) if kind == "daily" else (None, "")
        self._check_channel(interaction, channel)
        await store.set_schedule(guild_id, kind, channel_id=channel.id, local_time=plan.local_time,
                                 timezone=plan.timezone, next_run_at=plan.next_run_at, actor_id=interaction.user.id,
                                 weekday=plan.weekday, essay=slug, close_minutes=plan.close_minutes)
        if self.runner is not None:
            self.runner.poke()
        when = f"{timestamp(plan.next_run_at, 'F')} ({timestamp(plan.next_run_at)})"
        if kind == "daily":
            text = t("schedule_daily_saved", channel=channel.mention, time=plan.local_time, timezone=plan.timezone,
                     essay=t("schedule_essay_part", title=title) if slug else "", next=when,
                     closes=t("schedule_closes_after", hours=hours) if hours else t("schedule_closes_next"))
        else:
            text = t("schedule_digest_saved", channel=channel.mention, day=schedules.weekday_name(plan.weekday),
                     time=plan.local_time, timezone=plan.timezone, next=when)
        notes = schedules.dst_lines(t, plan.changes, local_time=plan.local_time, timezone=plan.timezone)
        await send_private(interaction, "\n".join([text, *notes]), allowed_mentions=NO_PINGS)

    def _schedule_line(self, row: dict) -> str:
        t = self.texts
        when = f"{timestamp(row['next_run_at'], 'F')} ({timestamp(row['next_run_at'])})"
        channel = f"<#{row['channel_id']}>"
        if row["kind"] == "daily":
            essay = self.bot.core.library.get_essay(row["essay"], row["guild_id"] or None) if row.get("essay") else None
            title = essay.display_short_title if essay else (row.get("essay") or "")
            line = t("schedule_show_daily", channel=channel, time=row["local_time"], timezone=row["timezone"],
                     essay=t("schedule_essay_part", title=title) if row.get("essay") else "", next=when,
                     closes=t("schedule_closes_after", hours=row["close_minutes"] // 60) if row.get("close_minutes")
                     else t("schedule_closes_next"))
        else:
            line = t("schedule_show_digest", channel=channel, day=schedules.weekday_name(row["weekday"]),
                     time=row["local_time"], timezone=row["timezone"], next=when)
        if row["status"] != "active":
            reason = row.get("disabled_reason") or ""
            key = f"schedule_reason_{reason}"
            known = {"channel_deleted", "forbidden", "bad_setting"}
            line += "\n" + t("schedule_show_disabled", reason=t(key) if reason in known else reason)
        return line

    async def show_schedules(self, interaction: discord.Interaction) -> None:
        rows = await self.bot.core.store.get_schedules(interaction.guild_id or 0)
        lines = [self._schedule_line(r) for r in rows]
        embed = discord.Embed(title=self.texts("schedule_show_title"),
                              description=whole_lines(lines, EMBED_DESCRIPTION, "\n\n") or self.texts("schedule_show_none"))
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True, allowed_mentions=NO_PINGS)

    async def remove_schedule(self, interaction: discord.Interaction, kind: str) -> None:
        t = self.texts
        what = t(f"schedule_kind_{kind}")
        removed = await self.bot.core.store.remove_schedule(interaction.guild_id or 0, kind, actor_id=interaction.user.id)
        if not removed:
            raise UserError(t("schedule_not_set", what=what))
        if self.runner is not None:
            self.runner.poke()
        await send_private(interaction, t("schedule_removed", what=what))

    # ------------------------------------------------------------------ /remind
    @remind.command(name="on", description="A direct message on days when you have questions due for review")
    @app_commands.describe(hour="hour of the day for the reminder, 0-23 (default 18)",
                           timezone="IANA timezone, like Europe/Berlin (default: the server's, else UTC)")
    @app_commands.autocomplete(timezone=timezone_choices)
    async def remind_on(self, interaction: discord.Interaction[TutorBot], hour: app_commands.Range[int, 0, 23] | None = None,
                        timezone: app_commands.Range[str, 1, 64] | None = None) -> None:
        t = self.texts
        guild_id = scope(interaction)
        store = self.bot.core.store
        current = await store.get_reminder(guild_id, interaction.user.id)
        name = timezone or (current["timezone"] if current else None) or (
            await self._default_zone(guild_id) if guild_id else "UTC")
        zone = parse_timezone(name)
        hour = hour if hour is not None else (current["hour"] if current else DEFAULT_REMIND_HOUR)
        upcoming = next_occurrence(self.bot.clock.now(), dt.time(hour), zone)
        await store.set_reminder(guild_id, interaction.user.id, on=True, hour=hour, timezone=str(zone.key),
                                 next_run_at=upcoming)
        self.pending_notices.discard(interaction.user.id)
        if self.runner is not None:
            self.runner.poke()
        server = f"**{interaction.guild.name}**" if interaction.guild else t("remind_scope_dm")
        await send_private(interaction, t("remind_on", time=f"{hour:02d}:00", timezone=str(zone.key), server=server),
                           allowed_mentions=NO_PINGS)

    @remind.command(name="off", description="No more review reminders")
    async def remind_off(self, interaction: discord.Interaction[TutorBot]) -> None:
        guild_id = scope(interaction)
        store = self.bot.core.store
        current = await store.get_reminder(guild_id, interaction.user.id)
        if current is not None:
            await store.set_reminder(guild_id, interaction.user.id, on=False, hour=current["hour"],
                                     timezone=current["timezone"], next_run_at=current["next_run_at"])
        await send_private(interaction, self.texts("remind_off"))

    @commands.Cog.listener()
    async def on_app_command_completion(self, interaction: discord.Interaction, command: object) -> None:
        """The one notice owed to a member whose DMs turned out to be closed, after their command."""
        user_id = interaction.user.id
        if user_id not in self.pending_notices:
            return
        self.pending_notices.discard(user_id)
        task = asyncio.current_task()
        if task is not None:
            self._notice_work.add(task)
        try:
            if await self.bot.core.store.take_reminder_notice(user_id):  # one process, once
                await send_private(interaction, self.texts("remind_notice"))
        except Exception:  # noqa: BLE001 - the command itself succeeded; the notice waits for next time
            log.exception("could not give the closed-DM notice")
        finally:
            self._notice_work.discard(task)

    async def notices_given(self) -> None:
        """Wait for notices being given now (tests; shutdown)."""
        await asyncio.gather(*list(self._notice_work), return_exceptions=True)

    # ------------------------------------------------------------------ /next
    @app_commands.command(name="next", description="What to read next: what you missed, what is due, what is new")
    async def next_cmd(self, interaction: discord.Interaction[TutorBot]) -> None:
        t = self.texts
        path = await study_path(self.bot.core.store, self._essays_for(interaction.guild_id), scope(interaction),
                                interaction.user.id)
        view = discord.utils.MISSING
        if path.steps:
            view = discord.ui.View(timeout=None)
            for step in path.steps[:NEXT_SHOWN]:
                view.add_item(ReadButton(step.essay, step.paragraph,
                                         fit(t("next_read_button", title=step.title, paragraph=step.paragraph), BUTTON_LABEL)))
        await interaction.response.send_message(embed=next_embed(t, path), view=view, ephemeral=True)

    # ------------------------------------------------------------------ answers to the question of the day
    async def daily_answer(self, interaction: discord.Interaction, post_id: int, given: int | str) -> None:
        t = self.texts
        if self.daily is None or interaction.guild_id is None:
            raise UserError(t("daily_unknown"))
        result = await self.daily.answer(interaction.guild_id, post_id, interaction.user.id, given)
        if result.status == "correct":
            text = t("daily_correct", answer=fit(result.answer, 200), points=result.points)
        elif result.status == "wrong":
            text = t("daily_wrong", answer=fit(result.answer, 200))
        elif result.status == "rejected":  # the group quizzes' wording for an answer that does not count
            text = self.bot.texts(REJECTIONS.get(result.reason or "", "quiz_reject_other"))
        else:
            text = t({"already_answered": "daily_already", "closed": "daily_closed"}.get(result.status, "daily_unknown"))
        await send_private(interaction, text, allowed_mentions=NO_PINGS)

    async def open_daily_modal(self, interaction: discord.Interaction, post_id: int) -> None:
        if self.daily is None or interaction.guild_id is None:
            raise UserError(self.texts("daily_unknown"))
        post = await self.bot.core.store.get_daily_post(interaction.guild_id, post_id)
        if post is None or post["status"] != "open":
            await send_private(interaction, self.texts("daily_closed" if post else "daily_unknown"))
            return
        await interaction.response.send_modal(DailyAnswerModal(self, post_id))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """With the Message Content intent, a reply to the question of the day is a typed answer."""
        if (not self.bot.intents.message_content or self.daily is None or message.guild is None or message.author.bot
                or message.reference is None or not message.reference.message_id or not message.content.strip()):
            return
        try:
            post = await self.bot.core.store.daily_post_by_message(message.guild.id, message.reference.message_id)
            if post is None:
                return
            result = await self.daily.answer(message.guild.id, int(post["id"]), message.author.id, message.content)
            emoji = {"correct": "🔒", "wrong": "🔒", "rejected": "❔", "already_answered": "✋"}.get(result.status)
            if emoji:
                await message.add_reaction(emoji)
        except discord.HTTPException:
            log.info("could not react to a typed answer to the question of the day")
        except Exception:  # noqa: BLE001 - a typed answer must never crash the listener
            log.exception("typed answer to the question of the day failed")
