"""Helpers shared by the command-line modules."""

from __future__ import annotations

import argparse
import sys
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import AsyncIterator, Iterator

from bot.config import load_settings
from bot.core import Core
from bot.errors import UserError

MAX_BATCH_LINES = 10_000


def discord_id(text: str) -> int:
    """argparse type for a Discord user or server id (0 is the direct-message/CLI scope)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a numeric Discord id: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("Discord ids are never negative")
    return value


@asynccontextmanager
async def open_core(args, *, ingest: bool = True) -> AsyncIterator[Core]:
    """Open the core for one command; commands index seeds/ first when the index is stale. The
    bot may be running on the same database: its quizzes are left alone (only the bot's own start
    closes what a crash cut off)."""
    settings = load_settings(getattr(args, "config", None))
    core = await Core.open(settings, ingest_if_stale=ingest)  # close_stale stays off (Core.open)
    try:
        yield core
    finally:
        await core.close()


def read_batch(source: str) -> Iterator[str]:
    """Queries one per line from a file or stdin ('-'); blank lines are skipped."""
    if source == "-":
        stream = sys.stdin
    else:
        try:
            stream = Path(source).open(encoding="utf-8")
        except FileNotFoundError:
            raise UserError(f"batch file not found: {source}") from None
    with stream if source != "-" else nullcontext(stream):
        for n, line in enumerate(stream, 1):
            if n > MAX_BATCH_LINES:
                raise UserError(f"batch has more than {MAX_BATCH_LINES:,} lines")
            line = line.strip()
            if line:
                yield line

