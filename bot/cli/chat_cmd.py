"""`tutorbot chat`: talk to the tutor in the terminal, as one local learner (no Discord needed).

The session logic is `bot.tutor.chat.ChatSession`; this module is the terminal around it:
- On a terminal, input comes from prompt_toolkit: Ctrl-C or Ctrl-D at the prompt end the chat
  at once (with "Bye"), and a multi-line paste (bracketed paste) is one question, sent with
  Enter. Answers are rendered as Markdown with rich.
- Piped (`printf 'question\\n/quit\\n' | tutorbot chat`), each line is one input and output is
  the plain text (Markdown source, no terminal codes). Lines are read by a daemon thread, so
  Ctrl-C never waits for input that is not coming.
- The model loads in the background as the chat starts; a question that arrives first is told
  that the tutor is getting ready, then answered.
- While the model process restarts (bot/model/embedding.py), a question is told so in one line and
  the chat goes on; if the model keeps failing, the chat ends with one line and exit code 1.
- Input longer than the question limit (`retrieval.max_query_chars`) is cut to it, and the
  learner is told the limit before the answer.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import threading
from typing import Callable

from bot.cli.ask_cmds import local_user
from bot.cli.common import open_core
from bot.model.embedding import ModelRestarting, ModelUnavailable
from bot.prompts import prompt_spec
from bot.tutor.chat import ChatSession

log = logging.getLogger(__name__)

TERMINAL = prompt_spec("terminal", {
    "getting_ready": set(),
    "too_long": {"length", "limit"},
    "model_restarting": set(),
    "model_gave_up": set(),
})

MAX_PIPED_LINE_CHARS = 1_000_000  # a piped line longer than this is cut while reading (memory bound)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("chat", help="an interactive tutor session in the terminal (/help inside)")
    p.add_argument("--user", type=int, default=None, help="local learner id (default $TUTOR_LOCAL_USER or 1)")
    p.set_defaults(handler=cmd_chat)


# -- output -----------------------------------------------------------------------------------
class PlainOutput:
    """Text as the tutor wrote it (Markdown source): for pipes, files and scripts."""

    def show(self, text: str) -> None:
        print(text + "\n", flush=True)

    def note(self, text: str) -> None:
        print(text, flush=True)

    def newline(self) -> None:
        print(flush=True)


class TerminalOutput(PlainOutput):
    """Markdown rendered for the terminal. Single line breaks are kept (help and quiz questions
    are laid out line by line), which Markdown would otherwise join into one paragraph."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False, soft_wrap=False)

    def show(self, text: str) -> None:
        from rich.markdown import Markdown

        self.console.print(Markdown(text.replace("\n", "  \n")))
        self.console.print()

    def note(self, text: str) -> None:
        self.console.print(text, style="dim", markup=False, highlight=False)


# -- input ------------------------------------------------------------------------------------
class PipedInput:
    """Lines from a non-terminal stdin, read by a daemon thread (never waited for at exit)."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def pump() -> None:
            try:
                while True:
                    line = sys.stdin.readline(MAX_PIPED_LINE_CHARS)
                    if line and not line.endswith("\n") and len(line) == MAX_PIPED_LINE_CHARS:
                        while (rest := sys.stdin.readline(MAX_PIPED_LINE_CHARS)) and not rest.endswith("\n"):
                            pass  # drop the tail of an absurdly long line
                    loop.call_soon_threadsafe(self._queue.put_nowait, line or None)
                    if not line:
                        return
            except (OSError, ValueError, RuntimeError):  # stdin closed, or the loop is gone
                try:
                    loop.call_soon_threadsafe(self._queue.put_nowait, None)
                except RuntimeError:
                    pass

        threading.Thread(target=pump, name="chat-stdin", daemon=True).start()

    async def read(self, prompt: str) -> str:
        line = await self._queue.get()
        if line is None:
            raise EOFError
        return line


class TerminalInput:
    """prompt_toolkit's prompt: Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError right at the
    prompt, and a bracketed paste arrives whole, newlines included."""

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession

        self._session: PromptSession[str] = PromptSession()

    async def read(self, prompt: str) -> str:
        return await self._session.prompt_async(prompt)


# -- the loop ---------------------------------------------------------------------------------
def _needs_model(text: str) -> bool:
    return not text.startswith("/")


def _fit(text: str, limit: int, say: Callable[[str], None], terminal) -> str:
    """One question per input: a paste's lines are joined; over the limit, say so, then cut."""
    if not text.startswith("/"):
        text = " ".join(text.split())
    if len(text) > limit:
        say(terminal("too_long", length=f"{len(text):,}", limit=f"{limit:,}"))
        cut = text[:limit]
        if " " in cut[limit // 2:]:
            cut = cut[:cut.rindex(" ")]  # not in the middle of a word
        text = cut
    return text


async def cmd_chat(args) -> int:
    user = local_user(args.user)
    on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    out = TerminalOutput() if sys.stdout.isatty() else PlainOutput()
    async with open_core(args) as core:
        chat = ChatSession(core, user_id=user)
        chat.notify = out.show  # "time's up" as soon as it happens, not at the next line typed
        terminal = core.prompts.section("terminal")
        limit = core.settings.retrieval.max_query_chars
        model = asyncio.ensure_future(core.embedder())  # loads in the background while the learner types
        model.add_done_callback(lambda f: f.cancelled() or f.exception())  # reported when a question needs it
        source = TerminalInput() if on_terminal else PipedInput()
        out.show(chat.welcome())
        try:
            while not chat.done:
                try:
                    raw = await source.read(chat.prompt if on_terminal else "")
                except EOFError:  # Ctrl-D, or the end of piped input
                    if on_terminal:
                        out.newline()
                    await _leave(chat, out)
                    break
                except KeyboardInterrupt:  # Ctrl-C at the prompt
                    await _leave(chat, out)
                    break
                text = _fit(raw.strip(), limit, out.note, terminal)
                if not text:
                    continue
                try:
                    if _needs_model(text) and not model.done():
                        out.note(terminal("getting_ready"))
                        await model
                    replies = await chat.handle(text)
                except ModelRestarting:  # the model process died or hung: a new one is on its way
                    out.note(terminal("model_restarting"))
                    continue
                except ModelUnavailable as exc:  # it failed too often: one line, not a traceback
                    log.error("the model is unavailable: %s", exc)
                    print(terminal("model_gave_up"), file=sys.stderr, flush=True)
                    return 1
                for reply in replies:
                    out.show(reply)
        except asyncio.CancelledError:  # Ctrl-C while an answer was being prepared
            out.newline()
            await _leave(chat, out)
        finally:
            if not model.done():
                model.cancel()
    return 0


async def _leave(chat: ChatSession, out) -> None:
    """End like /quit: a running quiz is stopped (and saved), then "Bye"."""
    for text in await chat.handle("/quit"):
        out.show(text)
