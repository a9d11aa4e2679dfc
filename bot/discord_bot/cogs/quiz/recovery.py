"""Restart recovery for group quizzes: which channel messages show an open question, and closing
the quizzes a crash cut off.

While a quiz runs, the cog records each question message in the store (`Bookkeeping`); the
record is dropped when the question is revealed or the quiz ends. A crash leaves the record
behind: the core marks those quizzes abandoned when it opens, and `close_interrupted` edits
their last question to say the quiz ended with the restart, with the scores so far.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable

import discord

from bot.discord_bot.limits import MESSAGE_LIMIT, fit

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

log = logging.getLogger(__name__)


class Bookkeeping:
    """Record which messages show an open question, for `close_interrupted` after a crash.

    In the background and in order (one chain): the game's timing never waits on this
    bookkeeping, and a failure costs only the clean-up after a crash."""

    def __init__(self) -> None:
        self._last: asyncio.Task | None = None

    def track(self, write: Callable[[], Awaitable[None]]) -> None:
        previous = self._last

        async def run() -> None:
            if previous is not None:
                await asyncio.gather(previous, return_exceptions=True)
            try:
                await write()
            except Exception:  # noqa: BLE001 - the quiz goes on either way
                log.exception("could not update the record of a quiz question's message")

        self._last = asyncio.create_task(run(), name="quiz-message-bookkeeping")

    async def drain(self) -> None:
        """Wait for the records written so far (the stopped quizzes' go before the store closes)."""
        if self._last is not None:
            await asyncio.gather(self._last, return_exceptions=True)


async def close_interrupted(bot: TutorBot) -> None:
    """Quizzes a crash cut off (marked abandoned when the core opened) left their last question
    with live buttons: edit it to say the quiz ended with the restart, with the scores so far,
    and say so once in the channel. The record is dropped either way, so this happens once."""
    store = bot.core.store
    try:
        interrupted = await store.interrupted_sessions(owns=bot.core.owns_guild)  # this process's shards only
    except Exception:  # noqa: BLE001 - start-up goes on; old buttons still answer "this quiz has ended"
        log.exception("could not look up quizzes interrupted by the last restart")
        return
    for quiz in interrupted:
        try:
            await _close_one(bot, quiz)
        except Exception:  # noqa: BLE001
            log.exception("could not close quiz %s interrupted by the restart", quiz["session_id"])
        finally:
            try:
                await store.remove_session_messages(quiz["guild_id"], quiz["session_id"])
            except Exception:  # noqa: BLE001
                log.exception("could not forget the messages of interrupted quiz %s", quiz["session_id"])
    if interrupted:
        log.info("closed %d quiz(zes) interrupted by the last restart", len(interrupted))


async def _close_one(bot: TutorBot, quiz: dict[str, Any]) -> None:
    texts = bot.texts
    scores = ", ".join(texts("quiz_interrupted_score", rank=rank, name=f"<@{s['user_id']}>", score=s["points"],
                             correct=s["correct"], answered=s["answered"])
                       for rank, s in enumerate(quiz["scores"][:10], start=1)) or texts("quiz_interrupted_nobody")
    channel = bot.get_partial_messageable(quiz["channel_id"], guild_id=quiz["guild_id"])
    for message_id in quiz["message_ids"]:
        try:
            await channel.get_partial_message(message_id).edit(
                content=fit(texts("quiz_interrupted", scores=scores), MESSAGE_LIMIT), view=None)
        except discord.HTTPException as exc:  # deleted, or the bot lost access: the line below still tells
            log.info("could not edit question message %s of quiz %s (%s)", message_id, quiz["session_id"], exc.status)
    await channel.send(fit(texts("quiz_interrupted_notice", scores=scores), MESSAGE_LIMIT))
