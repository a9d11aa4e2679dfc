"""`tutorbot chat`: talk to the tutor in the terminal, as one local learner (no Discord needed).

Reads lines from stdin, so it also works piped (`printf 'question\n/quit\n' | tutorbot chat`);
the prompt is shown only on a terminal. The session logic is `bot.tutor.chat.ChatSession`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.ask_cmds import local_user
from bot.cli.common import open_core
from bot.tutor.chat import ChatSession

MAX_LINE_CHARS = 100_000  # longer lines are cut here; the tutor then reports the length limit


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("chat", help="an interactive tutor session in the terminal (/help inside)")
    p.add_argument("--user", type=int, default=None, help="local learner id (default $TUTOR_LOCAL_USER or 1)")
    p.set_defaults(handler=cmd_chat)


async def cmd_chat(args) -> int:
    user = local_user(args.user)
    interactive = sys.stdin.isatty()
    async with open_core(args) as core:
        chat = ChatSession(core, user_id=user)
        print(chat.welcome(), flush=True)
        while not chat.done:
            if interactive:
                print(chat.prompt, end="", flush=True)
            line = await asyncio.to_thread(sys.stdin.readline, MAX_LINE_CHARS)
            if not line:  # end of input
                if chat.quiz is not None:
                    for text in await chat.handle("/stop"):
                        print(text, flush=True)
                break
            for text in await chat.handle(line):
                print(text + "\n", flush=True)
    return 0
