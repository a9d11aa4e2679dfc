"""`tutorbot progress`, `tutorbot leaderboard`, `tutorbot db backup|check|restore|migrate`: the progress store.

These open only the store (not the model or the index), so they are quick. All but `restore` are
safe to run beside the live bot: SQLite WAL lets them read while it writes, and the backup is
SQLite's online backup (on PostgreSQL, `pg_dump -Fc`). `db migrate --to postgresql://...` moves
an SQLite progress database into an empty PostgreSQL one (see docs/scaling.md). The progress database holds everything people made (uploaded essays,
quiz items, settings, progress); the essay index is rebuilt from it and `seeds/` at start.
"""

from __future__ import annotations

import json
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from bot.cli.common import discord_id
from bot.config import load_settings
from bot.errors import UserError
from bot.progress.report import format_leaderboard, format_progress
from bot.progress.stats import LEADERBOARD_KINDS
from bot.store import Store
from bot.store.restore import restore_backup


@asynccontextmanager
async def _open_store(args) -> AsyncIterator[Store]:
    target = load_settings(getattr(args, "config", None)).progress_target
    if isinstance(target, Path) and not target.exists():
        raise UserError(f"no progress database at {target} yet (the bot creates it when it first records something)")
    store = await Store.open(target)
    try:
        yield store
    finally:
        await store.close()


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


async def _progress(args) -> int:
    if args.user <= 0:
        raise UserError("--user must be a Discord user id (a positive number)")
    async with _open_store(args) as store:
        progress = await store.learner_progress(args.guild, args.user)
    if args.json:
        _print_json(progress.to_dict())
    else:
        print(format_progress(progress))
    return 0


async def _leaderboard(args) -> int:
    async with _open_store(args) as store:
        rows = await store.leaderboard(args.guild, by=args.by, limit=args.limit)
    if args.json:
        _print_json([r.to_dict() for r in rows])
    else:
        print(format_leaderboard(rows, by=args.by, guild_id=args.guild))
    return 0


async def _backup(args) -> int:
    dest = Path(args.path)
    async with _open_store(args) as store:
        await store.backup(dest)
        size = dest.stat().st_size
    print(f"backed up {store.where} to {dest} ({size:,} bytes, integrity ok)")
    return 0


async def _restore(args) -> int:
    settings = load_settings(getattr(args, "config", None))
    if settings.storage.url:
        from bot.store.driver import redact
        from bot.store.restore import restore_pg_backup

        path: str | Path = redact(settings.storage.url)
        report = await restore_pg_backup(Path(args.backup), settings.storage.url, force=args.force)
    else:
        path = settings.progress_db
        report = await restore_backup(Path(args.backup), path, force=args.force)
    rows = report["rows"]
    print(f"restored {args.backup} into {path} (schema version {report['schema_version']}, integrity ok)")
    print("rows: " + ", ".join(f"{k} {v}" for k, v in rows.items()))
    print("the essay index is brought in line with it when the bot or a command next starts")
    return 0


async def _migrate(args) -> int:
    from bot.store.driver import is_pg_url, redact
    from bot.store.transfer import migrate_sqlite_to_pg

    if not is_pg_url(args.to):
        raise UserError("--to must be a postgresql:// URL of an empty database")
    source = Path(args.source) if args.source else load_settings(getattr(args, "config", None)).progress_db
    counts = await migrate_sqlite_to_pg(source, args.to)
    print(f"copied {source} into {redact(args.to)}; row counts match on every table:")
    for table, n in counts.items():
        print(f"  {table}: {n:,}")
    print("set storage.url (or TUTOR_DATABASE_URL) to this URL and start the bot")
    return 0


async def _check(args) -> int:
    async with _open_store(args) as store:
        report = await store.check()
    if args.json:
        _print_json(report)
    else:
        print(f"database: {report['path']}")
        print(f"schema version: {report['schema_version']} (this tutorbot: {report['latest_version']})")
        print(f"journal mode: {report['journal_mode']}")
        print(f"integrity: {'; '.join(report['integrity'])}")
        print(f"foreign key violations: {report['foreign_key_violations']}")
        print("rows: " + ", ".join(f"{k} {v}" for k, v in report["rows"].items()))
        print("OK" if report["ok"] else "PROBLEMS FOUND")
    return 0 if report["ok"] else 1


def register(subparsers) -> None:
    p = subparsers.add_parser("progress", help="a learner's quiz progress, streaks and mastery")
    p.add_argument("--user", type=discord_id, required=True, help="Discord user id")
    p.add_argument("--guild", type=discord_id, default=0, help="server id (default 0: direct messages / CLI chat)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=_progress)

    p = subparsers.add_parser("leaderboard", help="a server's leaderboard")
    p.add_argument("--guild", type=discord_id, default=0, help="server id (default 0: direct messages / CLI chat)")
    p.add_argument("--by", choices=LEADERBOARD_KINDS, default="points")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=_leaderboard)

    p = subparsers.add_parser("db", help="progress database maintenance")
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    b = sub.add_parser("backup", help="online backup of the progress database to PATH (safe while the bot runs)")
    b.add_argument("path")
    b.set_defaults(handler=_backup)
    r = sub.add_parser("restore", help="replace the progress database with a backup (stop the bot first)")
    r.add_argument("backup", help="a file written by `tutorbot db backup`")
    r.add_argument("--force", action="store_true", help="replace a database that already holds server data")
    r.set_defaults(handler=_restore)
    m = sub.add_parser("migrate", help="copy the SQLite progress database into an empty PostgreSQL database "
                       "(stop the bot first)")
    m.add_argument("--to", required=True, metavar="URL", help="postgresql://user@host/db (must be empty)")
    m.add_argument("--from", dest="source", metavar="PATH", help="SQLite file (default: the data folder's tutor.sqlite)")
    m.set_defaults(handler=_migrate)
    c = sub.add_parser("check", help="integrity check and schema version")
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    c.set_defaults(handler=_check)
