"""`tutorbot audit --guild ID`: a server's recent moderator changes and its most-missed questions.

The same store methods and templates as `/tutor audit`; it opens only the progress store, so it is
quick and safe beside the running bot (SQLite WAL lets it read while the bot writes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli.common import discord_id
from bot.config import load_settings
from bot.errors import UserError
from bot.progress.audit import audit_rows, missed_rows
from bot.prompts import PromptBook, PromptSection, registered_specs


def _texts(settings) -> PromptSection:
    from bot.discord_bot import texts  # noqa: F401  (declares the templates; no discord import)

    return PromptBook.load(settings.prompts_dir, {"discord": registered_specs()["discord"]}).section("discord")


async def _audit(args) -> int:
    from bot.store import Store

    settings = load_settings(getattr(args, "config", None))
    texts = _texts(settings)
    if args.limit < 1 or args.missed < 0:
        raise UserError(texts("audit_bad_counts"))
    path = settings.progress_target
    if isinstance(path, Path) and not path.exists():
        raise UserError(texts("audit_no_database", path=path))
    store = await Store.open(path)
    try:
        entries = await store.recent_audit(args.guild, limit=args.limit)
        missed = await store.most_missed(args.guild, limit=args.missed)
    finally:
        await store.close()
    if args.json:
        json.dump({"guild_id": args.guild, "audit": entries, "most_missed": [m.to_dict() for m in missed]},
                  sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    print(texts("audit_cli_header", guild=args.guild))
    rows = audit_rows(entries)
    for r in rows:
        print(texts("audit_line", when=r.at.strftime("%Y-%m-%d %H:%M UTC"),
                    actor=f"user {r.actor_id}" if r.actor_id else texts("audit_actor_none"), action=r.action,
                    target=r.target, details=texts("audit_line_details", details=r.details) if r.details else ""))
    if not rows:
        print(texts("audit_empty"))
    print()
    print(texts("audit_missed"))
    items = missed_rows(missed)
    for m in items:
        print(texts("audit_missed_line", item=m.item_id, essay=m.essay, wrong=m.wrong, attempts=m.attempts,
                    rate=f"{m.miss_rate:.0%}", prompt=m.prompt or texts("audit_missed_removed")))
    if not items:
        print(texts("audit_missed_empty"))
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="a server's recent moderator changes and most-missed questions")
    p.add_argument("--guild", type=discord_id, required=True, help="server id (0: direct messages / CLI chat)")
    p.add_argument("--limit", type=int, default=20, help="recent changes to show (default 20)")
    p.add_argument("--missed", type=int, default=10, help="most-missed questions to show (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=_audit)
