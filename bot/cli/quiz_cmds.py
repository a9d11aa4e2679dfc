"""`tutorbot quiz validate|import|export|generate|grade`: manage quiz packs from the command line.

`validate` touches nothing; `import` is all-or-nothing through the store (audited); `export`
writes the documented YAML format to stdout; `generate` previews generated items and, with
`--save`, stores them (pending approval when the setting asks for it); `--seed N --count K` draws a
sample (a new one per seed) and `--review FILE.md` writes it for a teacher to judge; `grade` tries answers
against any item a server can play (built-in, moderator or generated) and says which rule
decided, one answer or a batch of JSON lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from bot.cli.common import discord_id, open_core
from bot.config import Settings, load_settings
from bot.errors import UserError
from bot.prompts import PromptBook, registered_specs
from bot.quiz.format import render_grade, render_grade_detail, render_item_preview
from bot.quiz.generate import generated_status
from bot.quiz.grading import Grader
from bot.quiz.importing import import_pack, prepare
from bot.quiz.items import QuizItem, from_record
from bot.quiz.packs import builtin_records, export_yaml, read_pack_file
from bot.store import Store

CLI_ACTOR = 0  # audit-log actor for changes made from the command line (Discord ids are never 0)


def register(subparsers: argparse._SubParsersAction) -> None:
    quiz = subparsers.add_parser("quiz", help="validate, import, export or generate quiz items")
    sub = quiz.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)

    p = sub.add_parser("validate", help="check a quiz pack (YAML, Red trivia list or CSV) without storing it")
    p.add_argument("file")
    p.add_argument("--guild", type=discord_id, default=0, help="check citations against this server's essays too")
    p.add_argument("--essay", help="essay slug for items that name none (Red trivia lists, CSV)")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("import", help="import a quiz pack into a server, all or nothing")
    p.add_argument("file")
    p.add_argument("--guild", type=discord_id, default=0, help="server id (default 0: direct messages)")
    p.add_argument("--essay", help="essay slug for items that name none (Red trivia lists, CSV)")
    p.set_defaults(handler=_import)

    p = sub.add_parser("export", help="print a server's own items (or the built-in ones) as a YAML pack")
    p.add_argument("--guild", type=discord_id, default=None, help="server id (default: the built-in items)")
    p.set_defaults(handler=_export)

    p = sub.add_parser("generate", help="generate quiz items from the essays (cloze, choice, who, list, cause, "
                                        "term, author)")
    p.add_argument("--essay", help="only this essay (slug)")
    p.add_argument("--json", action="store_true", help="print items as JSON (with kind, difficulty signal, passage)")
    p.add_argument("--limit", type=int, default=None, help="at most this many items per essay")
    p.add_argument("--seed", type=int, default=None, help="draw the sample with this seed (default 0 with --count)")
    p.add_argument("--count", type=_positive, default=None, help="a sample of this many items (kinds mixed)")
    p.add_argument("--fill", action="store_true",
                   help="let the kinds teachers keep least (who, choice blanks, evidence, which author) fill a "
                        "--count sample when the others run out")
    p.add_argument("--review", metavar="FILE.md", help="also write a review for a teacher (Markdown) to FILE.md")
    p.add_argument("--save", action="store_true", help="store the items in --guild (pending if approval is required)")
    p.add_argument("--guild", type=discord_id, default=0,
                   help="the server whose essays to use (its uploads too) and, with --save, to store into")
    p.set_defaults(handler=_generate)

    p = sub.add_parser("grade", help="grade an answer to an item as a quiz would, and say which rule decided",
                       description="Grade ANSWER to ITEM_ID, or with --batch every JSON line "
                                   '{"item": ID, "answer": TEXT} of FILE (- for stdin); the output has one line '
                                   'per input line, in order: {"item", "answer", "correct", "rule", "detail"}.')
    p.add_argument("item", nargs="?", metavar="ITEM_ID")
    p.add_argument("answer", nargs="?", metavar="ANSWER")
    p.add_argument("--batch", metavar="FILE", help="JSON lines to grade, from a file or - for stdin")
    p.add_argument("--guild", type=discord_id, default=0, help="server whose items to use (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    p.set_defaults(handler=_grade)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _settings(args) -> Settings:
    return load_settings(getattr(args, "config", None))


def _prompts(settings: Settings):
    return PromptBook.load(settings.prompts_dir, {"quiz": registered_specs()["quiz"]}).section("quiz")


@asynccontextmanager
async def _store(settings: Settings) -> AsyncIterator[Store]:
    store = await Store.open(settings.progress_target)
    try:
        await store.sync_builtin_items(builtin_records(settings.builtin_pack))
        yield store
    finally:
        await store.close()


def _read(args, settings: Settings):
    """The pack with every problem of its own kept, so `prepare` reports them with the citations'."""
    return read_pack_file(args.file, max_items=settings.quiz.max_pack_items, max_bytes=settings.quiz.max_pack_bytes,
                          collect=True)


async def _known_essays(settings: Settings, guild_id: int) -> list:
    """The essays a server can cite: the seeds, plus what its moderators uploaded (from the index,
    when there is one; nothing is created or indexed here)."""
    from bot.corpus.essay import load_essay_dir
    from bot.index.library import Library

    essays = {e.slug: e for e in (load_essay_dir(settings.seeds_dir) if settings.seeds_dir.is_dir() else [])}
    if settings.index_db.exists():
        async def no_model():
            raise UserError("the embedding model is not needed to check a pack")

        library = await Library.open(settings, no_model)
        try:
            essays.update({e.slug: e for e in library.essays_for(guild_id)})
        finally:
            await library.close()
    return list(essays.values())


async def _validate(args) -> int:
    settings = _settings(args)
    pack = _read(args, settings)
    kinds = Counter(i.kind for i in pack.items)
    if not pack.items and not pack.problems:
        print(f"OK: 0 items ({pack.format}): nothing to import")
        return 0
    missing = sum(1 for i in pack.items if not i.essay)
    if not missing or args.essay:
        prepare(pack, await _known_essays(settings, args.guild), args.essay)
    pack.raise_problems()
    print(f"OK: {len(pack.items)} items ({pack.format}): " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    for note in pack.notes:
        print(f"note: {note}")
    if missing and not args.essay:
        print(f"note: {missing} item(s) name no essay; import them with --essay SLUG")
    return 0


async def _import(args) -> int:
    settings = _settings(args)
    pack = _read(args, settings)
    if not pack.items and not pack.problems:
        print(f"nothing to import: {args.file} holds no items")
        return 0
    essays = await _known_essays(settings, args.guild)
    prepare(pack, essays, args.essay)  # every check before the database is opened
    async with _store(settings) as store:
        report = await import_pack(store, args.guild, pack, essays=essays, default_essay=args.essay,
                                   actor_id=CLI_ACTOR, source=f"cli:{args.file}"[:200])
    print(f"imported {report.total} items into server {args.guild}: {report.added} added, {report.replaced} replaced, "
          f"{report.unchanged} unchanged")
    if report.renamed:
        print(f"note: {report.renamed} item(s) reuse a built-in item's id and were given ids of their own")
    if report.tag:
        print(f"note: play this pack on its own with the pack option {report.tag}")
    for note in report.notes:
        print(f"note: {note}")
    return 0


async def _export(args) -> int:
    settings = _settings(args)
    if args.guild is None:
        records = builtin_records(settings.builtin_pack)
        title = "Built-in questions"
    else:
        if not settings.storage.url and not settings.progress_db.exists():
            raise UserError(f"no progress database at {settings.progress_db} yet")
        async with _store(settings) as store:
            records = await store.list_items(args.guild, status=None, include_global=False)
        title = f"Server {args.guild} questions"
    sys.stdout.write(export_yaml(records, title=title))
    return 0


async def _generate(args) -> int:
    settings = _settings(args)
    # The essays the server sees, as `/quizitem generate` does: shared ones (seeds/ and any ingested
    # from elsewhere) and the server's uploads, so an uploaded essay gets items like a seed.
    async with open_core(args) as core:
        essays = core.library.essays_for(args.guild)
        if not essays:
            raise UserError("no essays to generate items from; add one with `tutorbot ingest`")
        if args.essay and args.essay not in {e.slug for e in essays}:
            raise UserError(f"no essay '{args.essay}'; known: {', '.join(e.slug for e in essays)}")
        embedder = await core.embedder()
        report = await embedder.generate_items(essays, [args.essay] if args.essay else None, max_per_essay=args.limit,
                                               seed=args.seed, count=args.count, fill=args.fill,
                                               prompts_dir=str(settings.prompts_dir))
        status = generated_status(settings.quiz.require_approval_for_generated)
        if args.save:
            records = [i.to_record() | {"status": status} for i in report.items]
            count = await core.store.import_items(args.guild, records, actor_id=CLI_ACTOR, source="cli:generate")
    if args.review:
        from bot.quiz.generation.review import render_markdown

        seed = args.seed if args.seed is not None else (0 if args.count is not None else None)
        text = render_markdown(report.generated, {e.slug: e for e in essays}, seed=seed, pool=report.pool,
                               left_out=report.left_out)
        try:
            Path(args.review).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {args.review}: {exc.strerror}") from None
    if args.json:
        from bot.quiz.generation.review import to_json

        json.dump({"per_essay": report.per_essay, "pool": report.pool, "seed": args.seed,
                   "items": to_json(report.generated)}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        t = _prompts(settings)
        for item in report.items:
            print(render_item_preview(t, item, status) + "\n")
        for slug, counts in report.per_essay.items():
            kinds = ", ".join(f"{counts[k]} {k.removeprefix('kind_')}" for k in counts if k.startswith("kind_") and counts[k])
            print(f"{slug}: {counts['total']} items ({kinds})")
    if args.count is not None and len(report.items) < args.count and report.left_out:
        print(_left_out_note(args.count, len(report.items), report.left_out), file=sys.stderr)
    if args.review:
        print(f"wrote a review of {len(report.items)} items to {args.review}", file=sys.stderr if args.json else sys.stdout)
    if args.save:
        print(f"stored {count} items in server {args.guild} as {status}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _left_out_note(asked: int, drawn: int, left_out: dict[str, int]) -> str:
    """Why a sample is short: the kinds left out, and how to have them."""
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(left_out.items()))
    return (f"{drawn} of {asked} items drawn: the rest of the pool is of the kinds teachers keep least ({kinds}); "
            "--fill adds them")


MAX_GRADE_LINES = 10_000


class _LazyModel:
    """The embedding model, loaded only when an answer needs the meaning rule."""

    def __init__(self, spec: str):
        self.spec = spec
        self.embedder = None

    async def encode_async(self, texts):
        from bot.model.embedding import Embedder

        if self.embedder is None:
            self.embedder = await Embedder.load_async(self.spec)
        return await self.embedder.encode_async(texts)

    def close(self) -> None:
        if self.embedder is not None:
            self.embedder.close()


def _grade_record(item_id, answer, correct, rule, detail) -> str:
    return json.dumps({"item": item_id, "answer": answer, "correct": correct, "rule": rule, "detail": detail},
                      ensure_ascii=False)


async def _grade(args) -> int:
    if args.batch is None and (args.item is None or args.answer is None):
        raise UserError("give ITEM_ID and ANSWER, or --batch FILE")
    if args.batch is not None and (args.item is not None or args.answer is not None):
        raise UserError("give either ITEM_ID and ANSWER or --batch FILE, not both")
    settings = _settings(args)
    t = _prompts(settings)
    model = _LazyModel(settings.model)
    essays = {e.slug: e for e in await _known_essays(settings, args.guild)}
    grader = Grader(model, settings.quiz.semantic_threshold, essays=lambda: essays)
    try:
        async with _store(settings) as store:
            if args.batch is None:
                item = await _load_item(store, args.guild, args.item)
                result = await grader.grade(item, args.answer)
                detail = render_grade_detail(t, result, threshold=grader.semantic_threshold, item=item)
                if args.json:
                    print(_grade_record(item.id, args.answer, result.correct, result.decided_by, detail))
                else:
                    print(render_grade(t, item, result, threshold=grader.semantic_threshold))
                return 0
            return await _grade_batch(args, store, grader, t)
    finally:
        model.close()


async def _load_item(store: Store, guild_id: int, item_id: str) -> QuizItem:
    record = await store.get_item(guild_id, item_id)
    if record is None:
        raise UserError(f"no quiz item '{item_id[:80]}' in server {guild_id} (built-in or the server's own)")
    return from_record(record)


async def _grade_batch(args, store: Store, grader: Grader, t) -> int:
    """One output line per input line, in order; a bad line gets rule "error" and the run exits 2."""
    items: dict[str, QuizItem] = {}
    failed = total = 0
    for number, line in _batch_lines(args.batch):
        total += 1
        item_id = answer = None
        try:
            if not line.strip():
                raise UserError(f"line {number}: empty line")
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(data, dict):
                raise UserError(f"line {number}: expected an object {{\"item\": ID, \"answer\": TEXT}}")
            item_id, answer = data.get("item"), data.get("answer")
            if not isinstance(item_id, str) or not item_id:
                raise UserError(f"line {number}: \"item\" must be an item id (text)")
            if not isinstance(answer, str):
                raise UserError(f"line {number}: \"answer\" must be text")
            if item_id not in items:
                items[item_id] = await _load_item(store, args.guild, item_id)
            item = items[item_id]
            result = await grader.grade(item, answer)
            detail = render_grade_detail(t, result, threshold=grader.semantic_threshold, item=item)
            out = (_grade_record(item_id, answer, result.correct, result.decided_by, detail) if args.json
                   else render_grade(t, item, result, threshold=grader.semantic_threshold))
        except UserError as exc:
            failed += 1
            message = str(exc) if str(exc).startswith("line ") else f"line {number}: {exc}"
            out = _grade_record(item_id, answer, None, "error", message) if args.json else f"error · {message}"
        print(out, flush=True)
    if failed:
        raise UserError(f"{failed} of {total} lines could not be graded (rule \"error\")")
    return 0


def _batch_lines(source: str):
    """(line number, text) for every line, blank ones included, so output lines match input lines."""
    if source == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(source, encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise UserError(f"batch file not found: {source}") from None
        except IsADirectoryError:
            raise UserError(f"{source}: is a folder, not a batch file") from None
    try:
        for number, line in enumerate(stream, start=1):
            if number > MAX_GRADE_LINES:
                raise UserError(f"the batch has more than {MAX_GRADE_LINES:,} lines")
            yield number, line.rstrip("\n").rstrip("\r")
    except UnicodeDecodeError:
        raise UserError(f"{source}: not UTF-8 text") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
