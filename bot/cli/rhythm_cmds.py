"""`tutorbot digest --guild ID` and `tutorbot next --user ID`: the weekly digest and the study path
from the terminal, the same core functions as the Discord bot's digest post and `/next`.

Both open the core (the essays' titles and paragraphs come from the library) but never load the
model unless the index has to be built first; they only read the progress database, so they are
safe beside the running bot.
"""

from __future__ import annotations

import json
import sys

from bot.cli.common import discord_id, open_core
from bot.errors import UserError
from bot.rhythm import digest as digest_mod
from bot.rhythm import path as path_mod

MAX_DAYS = 366


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


async def cmd_digest(args) -> int:
    if not 1 <= args.days <= MAX_DAYS:
        raise UserError(f"--days must be 1 to {MAX_DAYS}")
    async with open_core(args) as core:
        essays = core.library.essays_for(args.guild or None)
        digest = await digest_mod.build_digest(core.store, essays, args.guild, end=core.clock.now(), days=args.days)
        if args.json:
            _print_json(digest.to_dict())
        else:
            print(digest_mod.render_text(core.prompts.section("rhythm"), digest))
    return 0


async def cmd_next(args) -> int:
    if args.user <= 0:
        raise UserError("--user must be a Discord user id (a positive number)")
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    async with open_core(args) as core:
        essays = core.library.essays_for(args.guild or None)
        path = await path_mod.study_path(core.store, essays, args.guild, args.user)
        if args.json:
            _print_json(path.to_dict())
            return 0
        t = core.prompts.section("rhythm")
        scope = t("next_cli_scope_server", guild=args.guild) if args.guild else t("next_cli_scope_dm")
        print(t("next_cli_header", user=args.user, scope=scope))
        print(path_mod.render_text(t, path, limit=args.limit))
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("digest", help="a server's weekly digest (what the digest schedule posts)")
    p.add_argument("--guild", type=discord_id, required=True, help="server id (0: direct messages / CLI chat)")
    p.add_argument("--days", type=int, default=7, help="the window, ending now (default 7)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_digest)

    p = subparsers.add_parser("next", help="what a member should read next (the study path, as /next)")
    p.add_argument("--user", type=discord_id, required=True, help="the member's Discord user id")
    p.add_argument("--guild", type=discord_id, default=0, help="server id (default 0: direct messages / CLI chat)")
    p.add_argument("--limit", type=int, default=10, help="paragraphs to list (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=cmd_next)
