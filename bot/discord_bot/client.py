"""The bot process: intents, start-up, the command tree's error handling, shutdown.

Start-up work happens in `setup_hook` (once, before the gateway connects): the core opens the
databases and the index, the model is warmed off the event loop, extensions load and persistent
buttons are registered. `on_ready` does nothing heavy because it fires again on every reconnect.
Commands are never synced here: `tutorbot sync` does that on purpose, since syncing on every start
is rate-limited and slow to propagate.

Shards: the bot is an `AutoShardedBot`. Without a shard split it runs every shard Discord
recommends in this one process (one shard for a small bot, as before). With `--shard-count N
--shard-ids ...` it runs only those shards, so N processes (or machines) share one database; the
core then owns only those shards' servers, and its change feed brings in what the other
processes write (docs/scaling.md).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any, Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.config import DiscordSettings, Settings
from bot.core import Core
from bot.discord_bot.checks import Cooldowns
from bot.discord_bot.replies import report_error
from bot.model.embedding import Embedder, ModelUnavailable
from bot.prompts import PromptSection
from bot.scale.shards import ShardSpec, shard_spec

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discord_bot.cogs.essays",
    "bot.discord_bot.cogs.ask",
    "bot.discord_bot.cogs.quiz",
    "bot.discord_bot.cogs.progress",
    "bot.discord_bot.cogs.mydata",
    "bot.discord_bot.cogs.moderation",
    "bot.discord_bot.cogs.rhythm",  # after moderation: it hangs /tutor schedule under /tutor
)


# What the bot needs in a channel; docs/discord-setup.md explains each one (and a test keeps
# the number there in step with this). Interaction replies need no channel permission.
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, embed_links=True, create_public_threads=True,
    send_messages_in_threads=True, read_message_history=True, add_reactions=True,
)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=REQUIRED_PERMISSIONS, scopes=("bot", "applications.commands"))


def build_intents(settings: DiscordSettings) -> discord.Intents:
    """Only what is needed: guilds for the channel/role cache that interactions resolve against,
    and guild and DM messages (not privileged), so the bot answers an @mention or a DM: Discord
    delivers the content of messages that mention the bot, and of DMs, without Message Content.

    With the (privileged) Message Content intent configured, the bot also reads replies to it,
    follow-ups in its threads and typed quiz answers (docs/discord-setup.md).
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content_intent
    return intents


class TutorTree(app_commands.CommandTree["TutorBot"]):
    async def on_error(self, interaction: discord.Interaction[TutorBot], error: app_commands.AppCommandError) -> None:
        # the command did not run: its cooldown is not spent
        interaction.client.cooldowns.release(interaction.id)
        await report_error(interaction, error)


class TutorBot(commands.AutoShardedBot):
    """`core` may be handed in (tests, or a process that already holds one); the bot then leaves
    closing it to its owner. `shards` (default: from settings, else Discord's choice, all here)
    says which shards this process runs.

    Cogs and components reach the core through `interaction.client.core` with the interaction
    typed `discord.Interaction[TutorBot]`; `core` raises before `setup_hook` has opened it."""

    tree: TutorTree
    settings: Settings
    shard_spec: ShardSpec
    cooldowns: Cooldowns
    fatal: str | None

    def __init__(self, settings: Settings, *, core: Core | None = None, clock: Clock | None = None,
                 extensions: tuple[str, ...] = EXTENSIONS, for_sync: bool = False,
                 shards: ShardSpec | None = None, close_stale: bool = False,
                 on_fatal: Callable[[str], None] | None = None, **options: Any):
        self.shard_spec = shards or shard_spec(settings.discord.shard_count, settings.discord.shard_ids)
        if self.shard_spec.count is not None:
            options.setdefault("shard_count", self.shard_spec.count)
        if self.shard_spec.ids is not None:
            options.setdefault("shard_ids", list(self.shard_spec.ids))
        super().__init__(
            command_prefix=(),  # no prefix commands: see on_message
            intents=build_intents(settings.discord),
            tree_cls=TutorTree,
            allowed_mentions=discord.AllowedMentions.none(),  # echoed essay or user text never pings
            help_command=None,
            **options,
        )
        self._entered = False  # discord.py's asyncio objects exist (see __aenter__)
        self.settings = settings
        self._clock = clock
        self._core: Core | None = core
        self._owns_core = core is None
        self._extensions = extensions
        self._for_sync = for_sync  # `tutorbot sync` needs the command tree, not the model or the index
        # Only `tutorbot run` marks quizzes a crash cut off as abandoned: any other process opening
        # the same database (`tutorbot sync`, a test) would end the running bot's live quizzes.
        self._close_stale = close_stale and not for_sync
        self._on_fatal = on_fatal
        self.fatal: str | None = None  # why the bot must stop and exit non-zero (the model gave up)
        self._stop_watching_model: Callable[[], None] | None = None
        self._warm_task: asyncio.Task | None = None
        self._shutdown: asyncio.Future | None = None
        self.cooldowns = Cooldowns()

    async def __aenter__(self) -> TutorBot:
        """discord.py makes the bot's asyncio objects (among them `AutoShardedClient`'s event
        queue, which its `close` uses) when the bot is entered (`async with bot:`, its supported
        lifecycle) or, if it was not, at login. Entering once here, from both and from `close`,
        lets a bot that never logged in (start-up failed first, a test) close cleanly."""
        if not self._entered:
            self._entered = True
            await super().__aenter__()
        return self

    async def login(self, token: str) -> None:
        await self.__aenter__()
        await super().login(token)

    @property
    def core(self) -> Core:
        if self._core is None:
            raise RuntimeError("the core is opened in setup_hook; it is not available before login")
        return self._core

    @property
    def for_sync(self) -> bool:
        """A bot that only registers commands (`tutorbot sync`): no model, no start-up clean-up."""
        return self._for_sync

    @property
    def clock(self) -> Clock:
        """Time for sessions and cooldown displays: the core's unless a test handed one in."""
        if self._clock is not None:
            return self._clock
        return self._core.clock if self._core is not None else SystemClock()

    @property
    def texts(self) -> PromptSection:
        return self.core.prompts.section("discord")

    async def setup_hook(self) -> None:
        if self._core is None:
            owns = self.shard_spec.owns if self.shard_spec.split else None
            self._core = await Core.open(self.settings, ingest_if_stale=not self._for_sync, owns_guild=owns,
                                         close_stale=self._close_stale)
        if not self._for_sync:
            log.info("this process runs %s", self.shard_spec.describe())
            # What other shard processes write (essays, items, settings) reaches this one.
            self._core.follow_changes()
            # Load the model now (in a thread), not at the first question; and stop the bot if its
            # process keeps failing, so compose or systemd starts it again from scratch.
            self._watch_model(await self._core.embedder())
            await self._core.library.ensure_retriever()  # and the in-memory index
            # Sentence vectors for answers: from the cache, or encoded in the background.
            self._warm_task = asyncio.create_task(self._core.tutor.warm(), name="tutor-warm")
            self._warm_task.add_done_callback(_log_warm_result)
        for name in self._extensions:
            await self.load_extension(name)
        if not self._for_sync:
            # Everything start-up made (modules, the library, the command tree) lives as long as the
            # process: moved out of the collector's way, a full collection no longer walks it, and
            # the event loop no longer stalls ~100 ms in one while a busy minute (1,000 questions of
            # the day) allocates (docs/benchmarks.md, "scheduler").
            gc.freeze()
        log.info("bot ready to connect: %d essays, extensions %s", len(self._core.essays), ", ".join(self._extensions))

    def _watch_model(self, embedder: Embedder) -> None:
        """Ask the embedder to tell us when it gives up restarting its model process (it calls from
        its own thread): the bot then records why and calls `on_fatal` (tutorbot run stops, exit 1)."""
        loop = asyncio.get_running_loop()

        def gave_up(reason: str) -> None:
            try:
                loop.call_soon_threadsafe(self._model_gave_up, reason)
            except RuntimeError:  # the loop is closed: the bot is already gone
                pass

        self._stop_watching_model = embedder.on_give_up(gave_up)

    def _model_gave_up(self, reason: str) -> None:
        if self.fatal is not None:
            return
        self.fatal = reason
        log.critical("the model process cannot be kept running (%s): the bot stops", reason)
        if self._on_fatal is not None:
            self._on_fatal(reason)

    async def on_message(self, message: discord.Message, /) -> None:
        """Every command is a slash command, so messages are never parsed as prefix commands.

        The cogs' own listeners still see every message (mentions and replies for /ask, typed quiz
        answers). `commands.Bot` would otherwise read "@Tutor why ..." as the command "why" and log
        a CommandNotFound error for every question asked by mention.
        """

    async def on_app_command_completion(self, interaction: discord.Interaction, command: Any) -> None:
        self.cooldowns.keep(interaction.id)  # it ran: the cooldown it reserved stays spent

    async def on_ready(self) -> None:
        log.info("connected as %s to %d server(s) on shard(s) %s of %s; invite link: %s", self.user, len(self.guilds),
                 ",".join(map(str, sorted(self.shards))) or "-", self.shard_count,
                 invite_url(self.application_id) if self.application_id else "?")

    async def close(self) -> None:
        """Stop cogs (sessions end and are saved) before the core they use closes.

        Several callers may ask at once (a signal, the gateway loop giving up, `async with`), and
        discord.py's own `close` returns once the gateway is closed. Every caller here waits for the
        one whole shutdown instead, so nobody can return (and end the event loop) while the
        databases are still closing: an aiosqlite thread left open keeps the process alive forever.
        """
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._shut_down())
        await asyncio.shield(self._shutdown)

    async def _shut_down(self) -> None:
        await self.__aenter__()  # a bot never started: make what discord.py's close expects
        if self._stop_watching_model is not None:
            self._stop_watching_model()
        if self._warm_task is not None and not self._warm_task.done():
            self._warm_task.cancel()
        try:
            for name in list(self.extensions):
                try:
                    await self.unload_extension(name)
                except Exception:  # noqa: BLE001 - shutting down: log and keep going
                    log.exception("error unloading %s", name)
            await super().close()
        finally:
            if self._owns_core and self._core is not None:
                core, self._core = self._core, None
                await core.close()


def _log_warm_result(task: asyncio.Task) -> None:
    if task.cancelled():
        return
    if isinstance(task.exception(), ModelUnavailable):  # restarting: answers encode sentences on demand
        log.warning("warming sentence vectors stopped: %s; answers encode them on demand", task.exception())
    elif task.exception() is not None:
        log.error("warming sentence vectors failed; answers encode them on demand", exc_info=task.exception())
    else:
        log.info("sentence vectors ready for %d sentences", task.result())


async def sync_commands(bot: commands.Bot | commands.AutoShardedBot, guild_id: int | None) -> list[app_commands.AppCommand]:
    """Register the tree with Discord: to one server (instant, for testing) or globally."""
    guild = discord.Object(id=guild_id) if guild_id else None
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    synced = await bot.tree.sync(guild=guild)
    log.info("synced %d commands %s", len(synced), f"to guild {guild_id}" if guild_id else "globally")
    return synced


def describe_sync(texts: PromptSection, synced: list[app_commands.AppCommand], guild_id: int | None) -> str:
    """What `tutorbot sync` tells the operator: where the commands went, and which ones Discord
    shows only to members with the permissions they default to (moderator commands)."""
    where = texts("sync_where_guild", guild=guild_id) if guild_id else texts("sync_where_global")
    lines = [texts("sync_done", count=len(synced), where=where, names=", ".join(f"/{c.name}" for c in synced))]
    restricted = [c for c in synced if c.default_member_permissions is not None]
    if restricted:
        needs = sorted({_permission_names(permissions) or texts("sync_admins_only")
                        for c in restricted if (permissions := c.default_member_permissions) is not None})
        lines.append(texts("sync_restricted", names=", ".join(f"/{c.name}" for c in restricted),
                           permissions="; ".join(needs)))
    return "\n".join(lines)


def _permission_names(permissions: discord.Permissions) -> str:
    names = [name.replace("_", " ").title().replace("Guild", "Server") for name, on in permissions if on]
    return " + ".join(names)  # none: only administrators
