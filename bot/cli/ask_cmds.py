"""`tutorbot ask`: one question (or a batch) answered by the tutor, as text or JSON.

The JSON contract other tools rely on:
`{"question", "answer", "abstained", "kind", "citations": [{"essay", "title", "author",
"paragraph", "quote"}]}`, `kind` being one of answer, summary, comparison, definition, paragraph,
not_covered, not_in_named_essay, language, author; plus `answer_id`, `followup`, `generated`,
`best_cosine`, `coverage`, `latency_ms`, and `searched_for` when typos were corrected.

`--batch` reads one question a line, or JSON lines `{"question": "...", "conversation": "c1"}`:
lines with the same conversation are follow-ups, in order; a line without one is its own
conversation. One JSON line comes out per line in, in order; the model loads once.
"""

from __future__ import annotations

import argparse
import json
import os

from bot.cli.common import open_core, read_batch
from bot.errors import UserError

DEFAULT_LOCAL_USER = 1  # the terminal's learner, in the direct-message scope (guild 0)


def local_user(value: int | None) -> int:
    """The learner id for the terminal: --user, else $TUTOR_LOCAL_USER, else 1."""
    if value is None:
        raw = os.environ.get("TUTOR_LOCAL_USER", "")
        try:
            value = int(raw) if raw else DEFAULT_LOCAL_USER
        except ValueError:
            raise UserError(f"TUTOR_LOCAL_USER must be a positive whole number, not {raw[:40]!r}") from None
    if value <= 0:
        raise UserError("--user must be a positive whole number")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ask", help="answer a question from the essays, with cited quotes")
    p.add_argument("question", nargs="?", help="the question (quote it)")
    p.add_argument("--essay", help="only this essay (its id, e.g. walt-socialists-libertarians)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--batch", metavar="FILE", help="one question per line ('-' for stdin); JSON lines out")
    p.add_argument("--user", type=int, default=None, help="local learner id the answer is recorded for (default 1)")
    p.set_defaults(handler=cmd_ask)


async def cmd_ask(args) -> int:
    user = local_user(args.user)
    if args.batch is None and args.question is None:
        raise UserError("give a question, or --batch FILE")
    if args.batch is not None and args.question is not None:
        raise UserError("give either a question or --batch FILE, not both")
    async with open_core(args) as core:
        if args.batch is not None:
            conversations: dict[str, int] = {}
            for n, line in enumerate(read_batch(args.batch), 1):
                try:
                    question, conversation = batch_line(line)
                except UserError as exc:
                    print(json.dumps({"line": n, "error": str(exc)}, ensure_ascii=False), flush=True)
                    continue
                # A conversation is one channel of the terminal's scope; other lines get their own.
                channel = conversations.setdefault(conversation, n) if conversation is not None else n
                try:
                    answer = await core.tutor.ask(question, guild_id=0, user_id=user, channel_id=channel,
                                                  essay=args.essay)
                    out = answer.to_json()
                except UserError as exc:
                    out = {"question": question, "error": str(exc)}
                if conversation is not None:
                    out["conversation"] = conversation
                print(json.dumps(out, ensure_ascii=False), flush=True)
            return 0
        core.library.validate_query(args.question)  # a clear one-line error before the model loads
        answer = await core.tutor.ask(args.question, guild_id=0, user_id=user, essay=args.essay)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print(answer.answer)
    return 0


def batch_line(line: str) -> tuple[str, str | None]:
    """A batch line: plain text, or a JSON object with "question" and an optional "conversation"."""
    if not line.lstrip().startswith("{"):
        return line, None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("question"), str):
        raise UserError('a JSON line needs a text field "question"')
    conversation = data.get("conversation")
    if conversation is not None and not isinstance(conversation, (str, int)):
        raise UserError('"conversation" must be text or a number')
    return data["question"], (str(conversation) if conversation is not None else None)
