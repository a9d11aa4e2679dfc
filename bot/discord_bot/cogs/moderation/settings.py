"""/tutor settings and /tutor audit: a server's moderator role, quiz channels and quiz defaults;
recent moderator changes and the most-missed questions. (`/tutor schedule` hangs under this group
from the rhythm cog.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_bot.checks import moderator_only
from bot.discord_bot.cogs.moderation.base import MODERATOR_DEFAULT, ModerationBase
from bot.discord_bot.limits import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, fit, fit_embed
from bot.errors import UserError
from bot.progress.audit import audit_rows, missed_rows

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

AUDIT_MISSED = 10


class SettingsMixin(ModerationBase):
    tutor = app_commands.Group(name="tutor", description="Tutor settings for this server (moderators)", guild_only=True,
                               default_permissions=MODERATOR_DEFAULT)

    # -- /tutor settings ---------------------------------------------------------------------------
    @tutor.command(name="settings", description="Show or change the tutor's settings for this server")
    @app_commands.describe(moderator_role="members with this role may moderate the tutor",
                           clear_moderator_role="only Manage Server moderates",
                           add_quiz_channel="allow quizzes in this channel", remove_quiz_channel="stop allowing it",
                           quiz_questions="default questions per group quiz", quiz_seconds="default seconds per question")
    @moderator_only()
    async def settings(self, interaction: discord.Interaction[TutorBot], moderator_role: discord.Role | None = None,
                       clear_moderator_role: bool = False, add_quiz_channel: discord.TextChannel | None = None,
                       remove_quiz_channel: discord.TextChannel | None = None,
                       quiz_questions: app_commands.Range[int, 1, 100] | None = None,
                       quiz_seconds: app_commands.Range[int, 1, 600] | None = None) -> None:
        store = self.bot.core.store
        guild_id = interaction.guild_id or 0
        quiz = self.bot.core.settings.quiz
        current = await store.get_guild_settings(guild_id)
        changes: dict = {}
        if moderator_role is not None:
            if moderator_role.is_default():
                raise UserError(self.texts("settings_everyone_role"))
            changes["moderator_role_id"] = moderator_role.id
        if clear_moderator_role:
            changes["moderator_role_id"] = None
        channels = [int(c) for c in current.get("quiz_channel_ids") or []]
        if add_quiz_channel is not None and add_quiz_channel.id not in channels:
            channels.append(add_quiz_channel.id)
            changes["quiz_channel_ids"] = channels
        if remove_quiz_channel is not None and remove_quiz_channel.id in channels:
            channels.remove(remove_quiz_channel.id)
            changes["quiz_channel_ids"] = channels or None
        if quiz_questions is not None:
            if not 1 <= quiz_questions <= quiz.max_questions:
                raise UserError(self.texts("settings_bad_questions", max=quiz.max_questions))
            changes["quiz_questions"] = quiz_questions
        if quiz_seconds is not None:
            if not quiz.min_seconds <= quiz_seconds <= quiz.max_seconds:
                raise UserError(self.texts("settings_bad_seconds", min=quiz.min_seconds, max=quiz.max_seconds))
            changes["quiz_seconds"] = quiz_seconds
        if changes:
            current = await store.update_guild_settings(guild_id, changes, actor_id=interaction.user.id)
        role = current.get("moderator_role_id")
        chans = current.get("quiz_channel_ids") or []
        embed = discord.Embed(title=self.texts("settings_title"))
        embed.add_field(name=self.texts("settings_moderators"), inline=False,
                        value=self.texts("settings_moderators_value", role=f"<@&{role}>" if role else self.texts("settings_none")))
        embed.add_field(name=self.texts("settings_channels"), inline=False,
                        value=" ".join(f"<#{c}>" for c in chans) or self.texts("settings_any_channel"))
        embed.add_field(name=self.texts("settings_quiz_defaults"), inline=False, value=self.texts(
            "settings_quiz_defaults_value", questions=current.get("quiz_questions", quiz.default_questions),
            seconds=current.get("quiz_seconds", quiz.default_seconds)))
        await interaction.response.send_message(
            content=self.texts("settings_saved") if changes else None, embed=fit_embed(embed), ephemeral=True)

    # -- /tutor audit ------------------------------------------------------------------------------
    @tutor.command(name="audit", description="Recent moderator changes and the most-missed questions in this server")
    @app_commands.describe(entries="how many recent changes to show")
    @moderator_only()
    async def audit(self, interaction: discord.Interaction[TutorBot], entries: app_commands.Range[int, 1, 50] = 15) -> None:
        texts = self.texts
        store = self.bot.core.store
        guild_id = interaction.guild_id or 0
        recent = audit_rows(await store.recent_audit(guild_id, limit=entries))
        missed = missed_rows(await store.most_missed(guild_id, limit=AUDIT_MISSED))
        lines = [texts("audit_line", when=f"<t:{int(r.at.timestamp())}:R>",
                       actor=f"<@{r.actor_id}>" if r.actor_id else texts("audit_actor_none"),
                       action=r.action, target=fit(r.target, 100),
                       details=texts("audit_line_details", details=r.details) if r.details else "")
                 for r in recent]
        missed_lines = [texts("audit_missed_line", item=m.item_id, essay=m.essay, wrong=m.wrong, attempts=m.attempts,
                              rate=f"{m.miss_rate:.0%}", prompt=m.prompt or texts("audit_missed_removed"))
                        for m in missed]
        embed = discord.Embed(title=texts("audit_title"),
                              description=_whole_lines(lines, EMBED_DESCRIPTION) or texts("audit_empty"))
        embed.add_field(name=texts("audit_missed"), inline=False,
                        value=_whole_lines(missed_lines, EMBED_FIELD_VALUE) or texts("audit_missed_empty"))
        # Entries name members and echo what moderators typed: shown privately, and never a ping.
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True,
                                                allowed_mentions=discord.AllowedMentions.none())


def _whole_lines(lines: list[str], limit: int) -> str:
    """As many whole lines as fit in `limit` characters (the newest first, as given)."""
    out: list[str] = []
    size = 0
    for line in lines:
        line = fit(line, limit)
        extra = len(line) + (1 if out else 0)  # the newline before it
        if size + extra > limit:
            break
        out.append(line)
        size += extra
    return "\n".join(out)
