"""Moderator commands: /quizitem, /essay and /tutor settings.

Moderators are members with Manage Server or the role set in `/tutor settings`. Uploads are
checked for size and type before they are downloaded; their content (encoding, schema) is checked
by the core, which changes nothing unless the whole upload is valid.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import essay_choices, item_choices
from bot.discord_bot.checks import is_moderator, moderator_only
from bot.discord_bot.limits import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, MODAL_TITLE, fit, fit_embed
from bot.discord_bot.replies import report_error, send_private
from bot.errors import UserError
from bot.progress.audit import audit_rows, missed_rows
from bot.quiz.format import render_grade
from bot.quiz.generate import generated_status
from bot.quiz.importing import import_pack
from bot.quiz.items import ITEM_ID_PATTERN, KINDS, derived_id, from_record, parse_item
from bot.quiz.packs import assign_essay, export_yaml, parse_pack

log = logging.getLogger(__name__)

PACK_SUFFIXES = (".yaml", ".yml", ".csv", ".txt")
ESSAY_SUFFIXES = (".md", ".txt", ".markdown")
KIND_CHOICES = [app_commands.Choice(name=k.replace("_", " "), value=k) for k in KINDS]
STATUS_CHOICES = [app_commands.Choice(name=s, value=s) for s in ("active", "pending", "disabled")]
LIST_PAGE = 20
GENERATE_PREVIEWS = 5
GENERATE_OVERDRAW = 3  # draw more than asked: items the server already has are skipped
AUDIT_MISSED = 10


def check_upload(bot, attachment: discord.Attachment, suffixes: tuple[str, ...]) -> None:
    """What can be refused before downloading anything: size and file type."""
    texts = bot.texts
    limit = bot.settings.discord.max_attachment_bytes
    if attachment.size > limit:
        raise UserError(texts("error_attachment_too_big", name=attachment.filename, size=f"{attachment.size:,}", limit=f"{limit:,}"))
    if Path(attachment.filename).suffix.lower() not in suffixes:
        raise UserError(texts("error_attachment_type", name=attachment.filename, allowed=", ".join(suffixes)))


async def read_upload(bot, attachment: discord.Attachment) -> bytes:
    data = await attachment.read()
    limit = bot.settings.discord.max_attachment_bytes
    if len(data) > limit:  # the size Discord reported was wrong: trust the bytes
        raise UserError(bot.texts("error_attachment_too_big", name=attachment.filename, size=f"{len(data):,}", limit=f"{limit:,}"))
    return data


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ItemModal(discord.ui.Modal):
    """Add (item_id None) or edit one item; the slash options chose kind, essay and paragraph."""

    def __init__(self, bot, *, title: str, kind: str, essay: str, paragraph: int | None, item: dict | None = None):
        super().__init__(title=fit(title, MODAL_TITLE))
        texts = bot.texts
        self.bot, self.kind, self.essay, self.paragraph, self.item = bot, kind, essay, paragraph, item
        item = item or {}
        self.prompt = discord.ui.TextInput(label=texts("item_field_prompt"), style=discord.TextStyle.paragraph,
                                           max_length=600, default=item.get("prompt"))
        self.answer = discord.ui.TextInput(label=texts("item_field_answer"), max_length=200, default=item.get("answer"))
        self.choices = discord.ui.TextInput(label=texts("item_field_choices"), style=discord.TextStyle.paragraph,
                                            required=False, max_length=1000,
                                            default="\n".join(item.get("choices") or []) or None)
        self.accepted = discord.ui.TextInput(label=texts("item_field_accepted"), style=discord.TextStyle.paragraph,
                                             required=False, max_length=1000,
                                             default="\n".join(item.get("accepted") or []) or None)
        self.explanation = discord.ui.TextInput(label=texts("item_field_explanation"), style=discord.TextStyle.paragraph,
                                                required=False, max_length=1000, default=item.get("explanation") or None)
        for field in (self.prompt, self.answer, self.choices, self.accepted, self.explanation):
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.client.get_cog("ModerationCog").save_item_from_modal(interaction, self)  # type: ignore[union-attr]

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error)


async def playable_item_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Every question a quiz here can ask: built-in, the server's own and generated ones."""
    if interaction.guild_id is None:
        return []
    records = await interaction.client.core.store.list_items(interaction.guild_id, status=None)  # type: ignore[attr-defined]
    needle = current.strip().lower()
    out = []
    for record in records:
        label = f"{record['id']}: {record.get('prompt', '')}"
        if not needle or needle in label.lower():
            out.append(app_commands.Choice(name=fit(label, 100), value=str(record["id"])[:100]))
        if len(out) >= 25:
            break
    return out


class ReviewGenerated(discord.ui.DynamicItem[discord.ui.Button],
                      template=rf"qi:(?P<action>approve|reject):(?P<item>{ITEM_ID_PATTERN})"):
    def __init__(self, action: str, item_id: str, label: str = "?"):
        style = discord.ButtonStyle.success if action == "approve" else discord.ButtonStyle.danger
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"qi:{action}:{item_id}"))
        self.action, self.item_id = action, item_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):  # type: ignore[override]
        return cls(match["action"], match["item"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not await is_moderator(interaction):
            await send_private(interaction, interaction.client.texts("error_not_moderator"))  # type: ignore[attr-defined]
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        texts = bot.texts  # type: ignore[attr-defined]
        store = bot.core.store  # type: ignore[attr-defined]
        guild_id = interaction.guild_id or 0
        try:
            record = await store.get_item(guild_id, self.item_id)
            if record is None:
                raise UserError(texts("item_gone", item=self.item_id))
            if self.action == "approve":
                await store.set_item_status(guild_id, self.item_id, "active", actor_id=interaction.user.id)
                text = texts("item_approved", item=self.item_id, member=interaction.user.mention)
                card = await store.get_item(guild_id, self.item_id) or record  # the card shows its new status
            else:
                await store.remove_item(guild_id, self.item_id, actor_id=interaction.user.id)
                text = texts("item_rejected", item=self.item_id, member=interaction.user.mention)
                card = {**record, "status": texts("item_status_removed")}
            cog = bot.get_cog("ModerationCog")  # type: ignore[attr-defined]
            embeds = [cog._item_embed(card)] if cog is not None else []
            await interaction.response.edit_message(content=text, embeds=embeds, view=None)
        except Exception as exc:  # noqa: BLE001
            await report_error(interaction, exc)


def review_view(texts, item_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewGenerated("approve", item_id, texts("item_approve_button")))
    view.add_item(ReviewGenerated("reject", item_id, texts("item_reject_button")))
    return view


# Discord hides these commands from members without Manage Server (server admins can allow other
# roles under Server Settings > Integrations); `moderator_only` still checks every use, since
# that setting is the server's to change and the moderator role comes from /tutor settings.
MODERATOR_DEFAULT = discord.Permissions(manage_guild=True)


class ModerationCog(commands.Cog):
    quizitem = app_commands.Group(name="quizitem", description="Manage this server's quiz questions (moderators)",
                                  guild_only=True, default_permissions=MODERATOR_DEFAULT)
    essay = app_commands.Group(name="essay", description="Add or remove this server's essays (moderators)",
                               guild_only=True, default_permissions=MODERATOR_DEFAULT)
    tutor = app_commands.Group(name="tutor", description="Tutor settings for this server (moderators)", guild_only=True,
                               default_permissions=MODERATOR_DEFAULT)

    def __init__(self, bot):
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReviewGenerated)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReviewGenerated)

    @property
    def texts(self):
        return self.bot.texts

    def _check_essay(self, slug: str | None, guild_id: int | None) -> str:
        if not slug:
            return ""
        if self.bot.core.library.get_essay(slug, guild_id) is None:
            raise UserError(self.texts("quiz_unknown_essay", essay=fit(slug, 80)))
        return slug

    # -- /quizitem -----------------------------------------------------------------------------
    @quizitem.command(name="add", description="Write a new quiz question (opens a form)")
    @app_commands.describe(kind="the kind of question", essay="the essay it tests", paragraph="the paragraph it cites")
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def add(self, interaction: discord.Interaction, kind: app_commands.Choice[str], essay: str,
                  paragraph: app_commands.Range[int, 1, 10000] | None = None) -> None:
        slug = self._check_essay(essay, interaction.guild_id)
        await interaction.response.send_modal(ItemModal(self.bot, title=self.texts("item_modal_add"), kind=kind.value,
                                                        essay=slug, paragraph=paragraph))

    @quizitem.command(name="edit", description="Edit one of this server's quiz questions (opens a form)")
    @app_commands.autocomplete(item=item_choices)
    @moderator_only()
    async def edit(self, interaction: discord.Interaction, item: str) -> None:
        record = await self.bot.core.store.get_item(interaction.guild_id or 0, item)
        if record is None or record.get("guild_id") is None:
            raise UserError(self.texts("item_not_own", item=fit(item, 64)))
        await interaction.response.send_modal(ItemModal(
            self.bot, title=self.texts("item_modal_edit", item=item), kind=record["kind"], essay=record.get("essay", ""),
            paragraph=record.get("paragraph"), item=record))

    async def save_item_from_modal(self, interaction: discord.Interaction, modal: ItemModal) -> None:
        await self._ensure_still_moderator(interaction)
        store = self.bot.core.store
        guild_id = interaction.guild_id or 0
        editing = modal.item is not None
        prompt, answer = modal.prompt.value.strip(), modal.answer.value.strip()
        data = {
            "id": modal.item["id"] if editing else derived_id("mod", prompt, answer),
            "kind": modal.kind, "prompt": prompt, "answer": answer,
            "choices": _lines(modal.choices.value), "accepted": _lines(modal.accepted.value),
            "explanation": modal.explanation.value.strip(), "essay": modal.essay, "paragraph": modal.paragraph,
            "author": interaction.user.display_name[:100], "origin": "moderator",
        }
        if editing:
            for key in ("difficulty", "tags", "reference", "origin", "author"):
                if modal.item.get(key) is not None:
                    data[key] = modal.item[key]
        item = parse_item(data, label="your question")
        record = item.to_record()
        if editing:
            await store.update_item(guild_id, item.id, record, actor_id=interaction.user.id)
            text = self.texts("item_saved", item=item.id)
        else:
            await store.add_item(guild_id, record, actor_id=interaction.user.id)
            text = self.texts("item_added", item=item.id)
        await send_private(interaction, text)

    async def _ensure_still_moderator(self, interaction: discord.Interaction) -> None:
        if not await is_moderator(interaction):
            raise UserError(self.texts("error_not_moderator"))

    @quizitem.command(name="import", description="Import questions from a YAML, CSV or Red trivia file")
    @app_commands.describe(file="a .yaml/.yml pack, a .csv, or a Red-DiscordBot trivia list",
                           essay="the essay for items that name none")
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment, essay: str | None = None) -> None:
        slug = self._check_essay(essay, interaction.guild_id) or None
        check_upload(self.bot, file, PACK_SUFFIXES)
        # Private "thinking" first: a download and a big pack can take longer than the 3 s Discord
        # gives a first reply, and every later message (errors included) stays private.
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await read_upload(self.bot, file)
        quiz = self.bot.core.settings.quiz
        pack = parse_pack(data, file.filename, max_items=quiz.max_pack_items, collect=True,
                          max_bytes=min(quiz.max_pack_bytes, self.bot.settings.discord.max_attachment_bytes))
        for item in assign_essay(pack.items, slug, name=file.filename):
            self._check_essay(item.essay, interaction.guild_id)
        # The same checks and report as `tutorbot quiz import`: citations, built-in copies, counts.
        core = self.bot.core
        report = await import_pack(core.store, interaction.guild_id or 0, pack,
                                   essays=core.library.essays_for(interaction.guild_id), default_essay=slug,
                                   actor_id=interaction.user.id, source=f"discord:{file.filename}"[:200])
        t = core.prompts.section("quiz")
        lines = [t("import_report", name=fit(file.filename, 80), total=report.total, added=report.added,
                   replaced=report.replaced, unchanged=report.unchanged)]
        if report.renamed:
            lines.append(t("import_renamed", count=report.renamed))
        if report.tag:
            lines.append(t("import_pack_tag", tag=report.tag))
        lines += [f"• {fit(n, 200)}" for n in report.notes[:5]]
        await send_private(interaction, "\n".join(lines))

    @quizitem.command(name="list", description="List quiz questions")
    @app_commands.describe(status="only items with this status", builtin="include the built-in questions",
                           page="page number")
    @app_commands.choices(status=STATUS_CHOICES)
    @moderator_only()
    async def list_(self, interaction: discord.Interaction, status: app_commands.Choice[str] | None = None,
                    builtin: bool = False, page: app_commands.Range[int, 1, 1000] = 1) -> None:
        records = await self.bot.core.store.list_items(interaction.guild_id or 0, status=status.value if status else None,
                                                       include_global=builtin)
        start = (page - 1) * LIST_PAGE
        shown = records[start:start + LIST_PAGE]
        embed = discord.Embed(title=self.texts("items_list_title", count=len(records), page=page,
                                               pages=max(1, -(-len(records) // LIST_PAGE))))
        if not shown:
            embed.description = self.texts("items_list_empty")
        else:
            embed.description = "\n".join(self.texts(
                "items_list_line", item=r["id"], kind=r["kind"].replace("_", " "), status=r.get("status", "active"),
                prompt=fit(r.get("prompt", ""), 90)) for r in shown)
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True)

    @quizitem.command(name="show", description="Show one quiz question in full")
    @app_commands.autocomplete(item=item_choices)
    @moderator_only()
    async def show(self, interaction: discord.Interaction, item: str) -> None:
        record = await self.bot.core.store.get_item(interaction.guild_id or 0, item)
        if record is None:
            raise UserError(self.texts("item_unknown", item=fit(item, 64)))
        embed = self._item_embed(record)
        if record.get("status") == "pending":
            await interaction.response.send_message(embed=embed, view=review_view(self.texts, record["id"]), ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True)

    def _item_embed(self, record: dict) -> discord.Embed:
        texts = self.texts
        embed = discord.Embed(title=texts("item_show_title", item=record["id"], kind=record["kind"].replace("_", " "),
                                          status=record.get("status", "active")),
                              description=record.get("prompt", ""))
        embed.add_field(name=texts("item_show_answer"), value=record.get("answer", "-"), inline=False)
        if record.get("choices"):
            embed.add_field(name=texts("item_show_choices"), value="\n".join(record["choices"]), inline=False)
        if record.get("accepted"):
            embed.add_field(name=texts("item_show_accepted"), value="\n".join(record["accepted"]), inline=False)
        if record.get("explanation"):
            embed.add_field(name=texts("item_show_explanation"), value=record["explanation"], inline=False)
        if record.get("essay"):
            where = record["essay"] + (f" ¶{record['paragraph']}" if record.get("paragraph") else "")
            embed.add_field(name=texts("item_field_source"), value=where, inline=False)
        embed.set_footer(text=texts("item_origin", origin=record.get("origin", "?"),
                                    scope=texts("item_scope_builtin") if record.get("guild_id") is None
                                    else texts("item_scope_server")))
        return fit_embed(embed)

    @quizitem.command(name="test", description="Try an answer to any question here: the verdict and the rule that decided")
    @app_commands.describe(item="the question (built-in, this server's or generated)", answer="the answer to try")
    @app_commands.autocomplete(item=playable_item_choices)
    @moderator_only()
    async def test(self, interaction: discord.Interaction, item: str,
                   answer: app_commands.Range[str, 1, 300]) -> None:
        core = self.bot.core
        record = await core.store.get_item(interaction.guild_id or 0, item)
        if record is None:
            raise UserError(self.texts("item_unknown", item=fit(item, 64)))
        quiz_item = from_record(record)
        await interaction.response.defer(ephemeral=True, thinking=True)  # the meaning rule may load the model
        result = await core.grader.grade(quiz_item, answer)
        await send_private(interaction, render_grade(core.prompts.section("quiz"), quiz_item, result,
                                                     threshold=core.grader.semantic_threshold))

    @quizitem.command(name="remove", description="Remove one of this server's quiz questions")
    @app_commands.autocomplete(item=item_choices)
    @moderator_only()
    async def remove(self, interaction: discord.Interaction, item: str) -> None:
        await self.bot.core.store.remove_item(interaction.guild_id or 0, item, actor_id=interaction.user.id)
        await send_private(interaction, self.texts("item_removed", item=item))

    @quizitem.command(name="export", description="Download this server's questions as a YAML pack")
    @moderator_only()
    async def export(self, interaction: discord.Interaction) -> None:
        records = await self.bot.core.store.list_items(interaction.guild_id or 0, status=None, include_global=False)
        if not records:
            raise UserError(self.texts("items_export_empty"))
        text = export_yaml(records, title=interaction.guild.name if interaction.guild else "")  # statuses kept
        await interaction.response.send_message(
            self.texts("items_exported", count=len(records)), ephemeral=True,
            file=discord.File(io.BytesIO(text.encode("utf-8")), filename="quiz-pack.yaml"))

    @quizitem.command(name="generate", description="Generate questions from an essay for review")
    @app_commands.describe(essay="the essay to generate from (default: all)", count="how many to generate at most")
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def generate(self, interaction: discord.Interaction, essay: str | None = None,
                       count: app_commands.Range[int, 1, 50] = 10) -> None:
        core = self.bot.core
        guild_id = interaction.guild_id or 0
        slug = self._check_essay(essay, guild_id) or None
        await interaction.response.defer(ephemeral=True, thinking=True)
        essays = core.library.essays_for(guild_id)
        embedder = await core.embedder()
        # Built and run next to the model, in its own process: seconds of CPU for a long essay. A sample
        # seeded by the interaction: each press of the command offers a different mix of kinds.
        report = await embedder.generate_items(essays, [slug] if slug else None, seed=interaction.id,
                                               count=count * GENERATE_OVERDRAW,
                                               prompts_dir=str(core.settings.prompts_dir))
        existing = {r["id"] for r in await core.store.list_items(guild_id, status=None)}
        fresh = [i for i in report.items if i.id not in existing][:count]
        if not fresh:
            raise UserError(self.texts("items_generated_none"))
        status = generated_status(core.settings.quiz.require_approval_for_generated)
        records = [i.to_record() | {"origin": "generated", "status": status} for i in fresh]
        await core.store.import_items(guild_id, records, actor_id=interaction.user.id, source="discord:generate")
        await send_private(interaction, self.texts("items_generated", count=len(fresh), status=status))
        if status == "pending":
            for record in records[:GENERATE_PREVIEWS]:
                record = await core.store.get_item(guild_id, record["id"]) or record
                await interaction.followup.send(embed=self._item_embed(record), view=review_view(self.texts, record["id"]),
                                                ephemeral=True)

    # -- /essay ----------------------------------------------------------------------------------
    @essay.command(name="add", description="Add an essay for this server (.md or .txt)")
    @moderator_only()
    async def essay_add(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        check_upload(self.bot, file, ESSAY_SUFFIXES)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await read_upload(self.bot, file)
        essay = await self.bot.core.library.add_essay_upload(file.filename, data, guild_id=interaction.guild_id or 0,
                                                             added_by=interaction.user.id)
        await send_private(interaction, self.texts("essay_added", title=essay.title, slug=essay.slug,
                                                   paragraphs=len(essay.paragraphs)))

    @essay.command(name="remove", description="Remove an essay this server added")
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def essay_remove(self, interaction: discord.Interaction, essay: str) -> None:
        removed = await self.bot.core.library.remove_essay(essay, guild_id=interaction.guild_id or 0,
                                                           actor_id=interaction.user.id)
        await send_private(interaction, self.texts("essay_removed", title=removed.title, slug=removed.slug))

    @essay.command(name="map", description="What the tutor reads as each sentence's part in an essay's argument")
    @app_commands.describe(essay="the essay", paragraph="only this paragraph (default: the overview and lists)")
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def essay_map(self, interaction: discord.Interaction, essay: str,
                        paragraph: app_commands.Range[int, 1, 10_000] | None = None) -> None:
        """A teacher checks the argument map the answers rely on (roles, links, lists): one
        paragraph at a time, or the overview (role counts and the lists) without one."""
        from bot.tutor.maps import map_lines

        tutor = self.bot.core.tutor
        scope = await tutor.scopes.get(tutor.library.essays_for(interaction.guild_id or 0))
        slug = tutor.resolve_essay(scope, essay)
        found = scope.by_slug[slug]
        if paragraph is not None and found.paragraph(paragraph) is None:
            raise UserError(self.texts("essay_map_out_of_range", title=fit(found.title, 100),
                                       total=len(found.paragraphs)))
        await interaction.response.defer(ephemeral=True, thinking=True)
        argument = await tutor.maps.of(found, await self.bot.core.embedder())
        lines = map_lines(argument, found, paragraph=paragraph, overview=paragraph is None)
        if paragraph is None:
            lines.append(self.texts("essay_map_hint", slug=slug))
        await send_private(interaction, "\n".join(lines), allowed_mentions=discord.AllowedMentions.none())

    # -- /tutor settings ---------------------------------------------------------------------------
    @tutor.command(name="settings", description="Show or change the tutor's settings for this server")
    @app_commands.describe(moderator_role="members with this role may moderate the tutor",
                           clear_moderator_role="only Manage Server moderates",
                           add_quiz_channel="allow quizzes in this channel", remove_quiz_channel="stop allowing it",
                           quiz_questions="default questions per group quiz", quiz_seconds="default seconds per question")
    @moderator_only()
    async def settings(self, interaction: discord.Interaction, moderator_role: discord.Role | None = None,
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
    async def audit(self, interaction: discord.Interaction, entries: app_commands.Range[int, 1, 50] = 15) -> None:
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


async def setup(bot) -> None:
    await bot.add_cog(ModerationCog(bot))
