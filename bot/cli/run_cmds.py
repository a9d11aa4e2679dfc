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

log = logging.getLogger(__name__)

TOKEN_ENV = "DISCORD_TOKEN"


def _token_or_exit() -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    from bot.prompts import PromptBook, registered_specs
    from bot.discord_bot import texts  # noqa: F401  (declares the discord prompts)

    settings = load_settings()
    book = PromptBook.load(settings.prompts_dir, {"discord": registered_specs()["discord"]})
    print(book.render("discord", "run_no_token"), file=sys.stderr)
    return None


async def _run(args) -> int:
    token = _token_or_exit()
    if token is None:
        return 2
    import discord

    from bot.discord_bot.client import TutorBot
    from bot.discord_bot.logging_setup import setup_logging

    settings = load_settings(getattr(args, "config", None))
    log_path = setup_logging(settings, token=token, verbose=getattr(args, "verbose", False))
    log.info("logging to %s", log_path)
    bot = TutorBot(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, lambda s=sig: (log.info("received %s: shutting down", s.name),
                                                        asyncio.ensure_future(bot.close())))
        except (NotImplementedError, RuntimeError):  # not on the main thread / Windows
            pass
    try:
        async with bot:
            await bot.start(token)
    except discord.LoginFailure:
        raise UserError(f"Discord rejected the token in {TOKEN_ENV}; copy it again from the developer portal") from None
    except discord.PrivilegedIntentsRequired:
        raise UserError(
            "the Message Content intent is enabled in settings but not in the developer portal: enable it there "
            "(Bot > Privileged Gateway Intents) or set discord.message_content_intent: false"
        ) from None
    return 0


async def _sync(args) -> int:
    token = _token_or_exit()
    if token is None:
        return 2
    from bot.discord_bot.client import TutorBot, sync_commands

    settings = load_settings(getattr(args, "config", None))
    bot = TutorBot(settings, for_sync=True)
    import discord

    try:
        async with bot:
            await bot.login(token)
            names = await sync_commands(bot, args.guild)
    except discord.LoginFailure:
        raise UserError(f"Discord rejected the token in {TOKEN_ENV}; copy it again from the developer portal") from None
    where = f"server {args.guild} (available now)" if args.guild else "every server (may take up to an hour to appear)"
    print(f"synced {len(names)} commands to {where}: {', '.join('/' + n for n in names)}")
    return 0


def register(subparsers) -> None:
    run = subparsers.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    run.set_defaults(handler=_run)
    sync = subparsers.add_parser("sync", help="register the slash commands with Discord (needs DISCORD_TOKEN)")
    sync.add_argument("--guild", type=int, default=None,
                      help="register to one server only (instant; for testing) instead of globally")
    sync.set_defaults(handler=_sync)
