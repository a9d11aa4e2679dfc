"""`tutorbot run` (the Discord bot) and `tutorbot sync` (register its slash commands).

The token comes only from the environment (`DISCORD_TOKEN`) and is handed straight to
discord.py; it is never stored on settings and the log handlers redact it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

from bot.config import load_settings
from bot.errors import UserError
from bot.scale.shards import ShardSpec, parse_shard_ids, shard_spec

log = logging.getLogger(__name__)

TOKEN_ENV = "DISCORD_TOKEN"


def _token_or_exit() -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    from bot.discord_bot import texts  # noqa: F401  (declares the discord prompts)
    from bot.prompts import PromptBook, registered_specs

    settings = load_settings()
    book = PromptBook.load(settings.prompts_dir, {"discord": registered_specs()["discord"]})
    print(book.render("discord", "run_no_token"), file=sys.stderr)
    return None


def shards_from(args, settings) -> ShardSpec:
    """The shard split: the command line's flags, else settings (`discord.shard_count`/`shard_ids`,
    e.g. TUTOR__DISCORD__SHARD_COUNT=2), else Discord's choice with every shard here. Checked
    before anything connects: a wrong split would leave servers unanswered or answered twice."""
    count = getattr(args, "shard_count", None)
    ids = parse_shard_ids(getattr(args, "shard_ids", None))
    if count is None and ids is None:
        count, ids = settings.discord.shard_count, settings.discord.shard_ids
    elif count is None:
        count = settings.discord.shard_count
    return shard_spec(count, ids)


async def _run(args) -> int:
    """Exit codes: 0 after a requested stop (SIGTERM, Ctrl-C), 2 for a person's mistake (token,
    intents, configuration, shard flags, a second bot on the same SQLite folder), 1 when the bot
    crashed or its model process failed too often; a crash is logged with its traceback to the log
    file as well, so `--restart unless-stopped` brings it back and the log says why."""
    settings = load_settings(getattr(args, "config", None))
    shards = shards_from(args, settings)  # a UserError: one line, exit code 2
    refuse_shards_on_sqlite(settings, shards)
    token = _token_or_exit()
    if token is None:
        return 2
    lock = hold_single_bot_lock(settings)  # noqa: F841 - held until this function (the process) ends
    import discord

    from bot.discord_bot.client import TutorBot
    from bot.discord_bot.logging_setup import setup_logging

    log_path = setup_logging(settings, token=token, verbose=getattr(args, "verbose", False))
    log.info("logging to %s", log_path)
    log.info("shards: %s", shards.describe())
    stop = asyncio.Event()
    # Only this command closes quizzes a crash cut off (side commands must leave live ones alone);
    # a model process that cannot be kept running stops the bot with exit code 1 (below).
    bot = TutorBot(settings, shards=shards, close_stale=True, on_fatal=lambda reason: stop.set())
    loop = asyncio.get_running_loop()
    signals = _handle_stop_signals(loop, stop)
    try:
        await _serve(bot, token, stop)
    except discord.LoginFailure:
        log.error("Discord rejected the token")
        raise UserError(f"Discord rejected the token in {TOKEN_ENV}; copy it again from the developer portal") from None
    except discord.PrivilegedIntentsRequired:
        log.error("the Message Content intent is configured but not enabled in the developer portal")
        raise UserError(
            "the Message Content intent is enabled in settings but not in the developer portal: enable it there "
            "(Bot > Privileged Gateway Intents) or set discord.message_content_intent: false"
        ) from None
    except UserError as exc:
        log.error("could not start: %s", exc)
        raise
    except Exception:  # noqa: BLE001 - a crash: logged in full (stderr and the log file), exit 1
        log.critical("the bot stopped because of an unexpected error", exc_info=True)
        return 1
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
    if bot.fatal is not None:
        log.critical("stopped: %s; exiting with code 1 so the process supervisor starts the bot again", bot.fatal)
        return 1
    log.info("stopped")
    return 0


LOCK_NAME = "bot.lock"
SCALING_HINT = "several bot processes need the progress database on PostgreSQL (TUTOR_DATABASE_URL; docs/scaling.md)"


def refuse_shards_on_sqlite(settings, shards: ShardSpec) -> None:
    """Shard processes share one database; SQLite is one file for one process (docs/scaling.md)."""
    if settings.storage.url or shards.count is None or shards.count <= 1:
        return
    raise UserError(f"--shard-count {shards.count} needs PostgreSQL: on SQLite one bot process runs every shard; "
                    f"{SCALING_HINT}")


def hold_single_bot_lock(settings):
    """On SQLite, take the data folder's lock for this process's life, or refuse in one line.

    Why: two bots on one SQLite file both answer every server, both close each other's quizzes
    at start and write one rotating log. An advisory `flock` (not a pid file) is released by the
    kernel when the process ends, even by kill -9, so a crash never leaves a stale lock behind.
    Returns the open lock file (keep a reference); None on PostgreSQL, where processes coordinate
    through the database."""
    if settings.storage.url:
        return None
    import fcntl

    folder = settings.data_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the process's life
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise UserError(f"another bot (pid {holder}) is running on the SQLite database in {folder}; "
                        f"stop it first, or for {SCALING_HINT}") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _handle_stop_signals(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> list[signal.Signals]:
    """SIGTERM (`docker stop`) and Ctrl-C ask for a clean stop; a second one ends the process now."""
    installed = []

    def on_signal(sig: signal.Signals) -> None:
        if stop.is_set():
            log.warning("received %s again while shutting down: exiting now", sig.name)
            os._exit(1)
        log.info("received %s: shutting down", sig.name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # not on the main thread / Windows
            pass
    return installed


async def _serve(bot, token: str, stop: asyncio.Event) -> None:
    """Run the bot until the gateway gives up (its error propagates) or `stop` is set.

    The shutdown is awaited here, to its end, before returning: `asyncio.run` cancels whatever
    is still running when this returns, and a half-closed database would keep the process alive.
    """
    gateway = asyncio.create_task(bot.start(token), name="discord-gateway")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        await asyncio.wait({gateway, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not gateway.done() and not bot.is_ready():
            gateway.cancel()  # still starting up (model, login, connect): nothing to hand over
        await bot.close()  # sessions end and are saved, the gateway closes, then the databases
    try:
        await gateway  # returns once the closed connection is noticed; a crash raises here
    except asyncio.CancelledError:
        if not stop.is_set():
            raise


async def _sync(args) -> int:
    token = _token_or_exit()
    if token is None:
        return 2
    import discord

    from bot.discord_bot.client import TutorBot, describe_sync, sync_commands
    from bot.discord_bot.logging_setup import setup_logging

    settings = load_settings(getattr(args, "config", None))
    # The same redacting setup as `run`: the token is in this process too.
    setup_logging(settings, token=token, verbose=getattr(args, "verbose", False), stderr_level=logging.WARNING)
    bot = TutorBot(settings, for_sync=True)
    try:
        await bot.login(token)
        synced = await sync_commands(bot, args.guild)
        summary = describe_sync(bot.texts, synced, args.guild)
    except discord.LoginFailure:
        log.error("Discord rejected the token")
        raise UserError(f"Discord rejected the token in {TOKEN_ENV}; copy it again from the developer portal") from None
    finally:
        await bot.close()
    print(summary)
    return 0


def register(subparsers) -> None:
    run = subparsers.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    run.add_argument("--shard-count", type=int, default=None, metavar="N",
                     help="total number of shards across all processes (default: Discord's recommendation, "
                          "all in this process)")
    run.add_argument("--shard-ids", default=None, metavar="IDS",
                     help="the shards this process runs, e.g. 0,1 (needs --shard-count; each shard in exactly one "
                          "process; docs/scaling.md)")
    run.set_defaults(handler=_run)
    sync = subparsers.add_parser("sync", help="register the slash commands with Discord (needs DISCORD_TOKEN)")
    sync.add_argument("--guild", type=int, default=None,
                      help="register to one server only (instant; for testing) instead of globally")
    sync.set_defaults(handler=_sync)
