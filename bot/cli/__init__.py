"""The `tutorbot` command line: a thin adapter over the same core the Discord bot uses.

Each command group lives in its own module with a `register(subparsers)` function that adds its
subcommands and sets `handler` (a coroutine function taking the parsed args and returning an
exit code). `UserError`s become one line on stderr and exit code 2; nothing prints a traceback
for a person's mistake. A model process that died or hung mid-command (`ModelUnavailable`) is
one line too, with exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from typing import Sequence

from bot.errors import UserError
from bot.model.embedding import ModelUnavailable

log = logging.getLogger(__name__)

# Command-group modules, in help order.
COMMAND_MODULES = (
    "bot.cli.index_cmds",   # ingest, search, eval
    "bot.cli.ask_cmds",     # ask
    "bot.cli.chat_cmd",     # chat
    "bot.cli.progress_cmds",  # progress, leaderboard, db
    "bot.cli.quiz_cmds",    # quiz validate|import|export|generate
    "bot.cli.run_cmds",     # run, sync
    "bot.cli.audit_cmds",   # audit
    "bot.cli.rhythm_cmds",  # digest, next
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tutorbot", description="Essay tutor: ask, quiz, review.")
    parser.add_argument("--config", help="YAML settings file (default: config.yaml at the project root)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command group is not built yet
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        result = handler(args)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ModelUnavailable as exc:  # the model process died or hung: not the person's mistake, no traceback
        print(f"error: {exc}; try again in a few seconds", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
