"""`tutorbot quiz validate|import|export|generate`: manage quiz packs from the command line.

`validate` touches nothing; `import` is all-or-nothing through the store (audited); `export`
writes the documented YAML format to stdout; `generate` previews generated items and, with
`--save`, stores them (pending approval when the setting asks for it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from contextlib import asynccontextmanager
from typing import AsyncIterator

from bot.config import Settings, load_settings
from bot.errors import UserError
from bot.prompts import PromptBook, registered_specs
from bot.quiz.format import render_item_preview
from bot.quiz.generate import generated_status
from bot.quiz.items import from_record
from bot.quiz.packs import assign_essay, builtin_records, export_yaml, read_pack_file
from bot.cli.common import discord_id
from bot.store import Store

CLI_ACTOR = 0  # audit-log actor for changes made from the command line (Discord ids are never 0)


def register(subparsers: argparse._SubParsersAction) -> None:
    quiz = subparsers.add_parser("quiz", help="validate, import, export or generate quiz items")
    sub = quiz.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)

    p = sub.add_parser("validate", help="check a quiz pack (YAML, Red trivia list or CSV) without storing it")
    p.add_argument("file")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("import", help="import a quiz pack into a server, all or nothing")
    p.add_argument("file")
    p.add_argument("--guild", type=discord_id, default=0, help="server id (default 0: direct messages)")
    p.add_argument("--essay", help="essay slug for items that name none (Red trivia lists, CSV)")
    p.set_defaults(handler=_import)

    p = sub.add_parser("export", help="print a server's own items (or the built-in ones) as a YAML pack")
    p.add_argument("--guild", type=discord_id, default=None, help="server id (default: the built-in items)")
    p.set_defaults(handler=_export)

    p = sub.add_parser("generate", help="generate cloze and multiple-choice items from the essays")
    p.add_argument("--essay", help="only this essay (slug)")
    p.add_argument("--json", action="store_true", help="print items as JSON")
    p.add_argument("--limit", type=int, default=None, help="at most this many items per essay")
    p.add_argument("--save", action="store_true", help="store the items in --guild (pending if approval is required)")
    p.add_argument("--guild", type=discord_id, default=0)
    p.set_defaults(handler=_generate)


def _settings(args) -> Settings:
    return load_settings(getattr(args, "config", None))


def _prompts(settings: Settings):
    return PromptBook.load(settings.prompts_dir, {"quiz": registered_specs()["quiz"]}).section("quiz")


@asynccontextmanager
async def _store(settings: Settings) -> AsyncIterator[Store]:
    store = await Store.open(settings.progress_db)
    try:
        await store.sync_builtin_items(builtin_records(settings.builtin_pack))
        yield store
    finally:
        await store.close()


def _read(args, settings: Settings):
    return read_pack_file(args.file, max_items=settings.quiz.max_pack_items, max_bytes=settings.quiz.max_pack_bytes)


async def _validate(args) -> int:
    settings = _settings(args)
    pack = _read(args, settings)
    kinds = Counter(i.kind for i in pack.items)
    print(f"OK: {len(pack.items)} items ({pack.format}): " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    for note in pack.notes:
        print(f"note: {note}")
    missing = sum(1 for i in pack.items if not i.essay)
    if missing:
        print(f"note: {missing} item(s) name no essay; import them with --essay SLUG")
    return 0


async def _import(args) -> int:
    settings = _settings(args)
    pack = _read(args, settings)
    items = assign_essay(pack.items, args.essay, name=args.file)
    async with _store(settings) as store:
        count = await store.import_items(args.guild, [i.to_record() for i in items], actor_id=CLI_ACTOR,
                                         source=f"cli:{args.file}"[:200])
    print(f"imported {count} items into server {args.guild}")
    for note in pack.notes:
        print(f"note: {note}")
    return 0


async def _export(args) -> int:
    settings = _settings(args)
    if args.guild is None:
        records = builtin_records(settings.builtin_pack)
        title = "Built-in questions"
    else:
        if not settings.progress_db.exists():
            raise UserError(f"no progress database at {settings.progress_db} yet")
        async with _store(settings) as store:
            records = await store.list_items(args.guild, status=None, include_global=False)
        title = f"Server {args.guild} questions"
    sys.stdout.write(export_yaml([from_record(r) for r in records], title=title))
    return 0


async def _generate(args) -> int:
    from bot.corpus.essay import load_essay_dir
    from bot.embedding import Embedder

    settings = _settings(args)
    essays = load_essay_dir(settings.seeds_dir)
    if args.essay and args.essay not in {e.slug for e in essays}:
        raise UserError(f"no essay '{args.essay}'; known: {', '.join(e.slug for e in essays)}")
    embedder = await Embedder.load_async(settings.model)
    try:
        report = await embedder.generate_items(essays, [args.essay] if args.essay else None, max_per_essay=args.limit)
    finally:
        embedder.close()
    status = generated_status(settings.quiz.require_approval_for_generated)
    if args.save:
        async with _store(settings) as store:
            records = [i.to_record() | {"status": status} for i in report.items]
            count = await store.import_items(args.guild, records, actor_id=CLI_ACTOR, source="cli:generate")
    if args.json:
        json.dump({"per_essay": report.per_essay, "items": [i.to_record() for i in report.items]}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        t = _prompts(settings)
        for item in report.items:
            print(render_item_preview(t, item, status) + "\n")
        for slug, counts in report.per_essay.items():
            print(f"{slug}: {counts['total']} items ({counts['cloze']} cloze, {counts['multiple_choice']} multiple choice)")
    if args.save:
        print(f"stored {count} items in server {args.guild} as {status}", file=sys.stderr if args.json else sys.stdout)
    return 0
