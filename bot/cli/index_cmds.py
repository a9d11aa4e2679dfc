"""`tutorbot ingest`, `essays`, `search` and `eval`: the retrieval contract other tools rely on."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import open_core, read_batch
from bot.config import project_root
from bot.errors import UserError
from bot.evaluation.answers import load_student_set, run_answer_eval
from bot.evaluation.retrieval import load_qa, score_rankings


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ingest", help="index seeds/ (default) or the given essay files")
    p.add_argument("paths", nargs="*", type=Path, help=".md or .txt essay files (default: the seeds folder)")
    p.set_defaults(handler=cmd_ingest)

    p = subparsers.add_parser("essays", help="the essays, a line on what each argues, and their ids")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--map", metavar="ESSAY", help="the essay's argument map: each sentence's role, confidence and links")
    p.add_argument("--paragraph", type=int, help="with --map: only this paragraph")
    p.add_argument("--guild", type=int, default=0, help="whose essays (default 0: the shared ones)")
    p.set_defaults(handler=cmd_essays)

    p = subparsers.add_parser("search", help="the passages that best match a query")
    p.add_argument("query", nargs="?", help="the question or keywords")
    p.add_argument("--k", type=int, default=5, help="how many passages (1-50, default 5)")
    p.add_argument("--essay", help="only this essay (its id, e.g. walt-socialists-libertarians)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--batch", metavar="FILE", help="one query per line ('-' for stdin); JSON lines out")
    p.set_defaults(handler=cmd_search)

    p = subparsers.add_parser("eval", help="hit@1/3/5 and MRR@10 on a question set, or answers scored by kind")
    p.add_argument("--qa", type=Path, default=None, help="question set (default tests/data/dev_qa.yaml)")
    p.add_argument("--answers", type=Path, nargs="?", const=default_answers_path(), default=None, metavar="FILE",
                   help="score the tutor's answers on a student-style set, per category "
                        "(default tests/data/student_qa.yaml)")
    p.add_argument("--failures", action="store_true", help="with --answers: list every failure and why")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval)


def _progress(done: int, total: int) -> None:
    if total < 2 or not sys.stderr.isatty():
        return
    width = 30
    filled = int(width * done / total)
    sys.stderr.write(f"\rembedding [{'#' * filled}{'.' * (width - filled)}] {done}/{total} essays")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


async def cmd_ingest(args) -> int:
    async with open_core(args, ingest=False) as core:
        if args.paths:
            report = await core.library.ingest_files(args.paths, progress=_progress)
            seeds = core.settings.seeds_dir.resolve()
            outside = [p for p in args.paths if Path(p).resolve().parent != seeds]
            if outside:
                # index.sqlite is derived (rebuilt from seeds/ plus the progress database), so an
                # essay indexed from elsewhere does not survive a rebuilt index: say so now.
                print(f"note: {', '.join(str(p) for p in outside)} is outside {seeds}: indexed now, but an index "
                      "rebuilt from scratch will not have it; copy it into seeds/ to keep it", file=sys.stderr)
        else:
            report = await core.library.ingest_folder(progress=_progress)
    for label, slugs in (("added", report.added), ("changed", report.changed),
                         ("unchanged", report.unchanged), ("removed", report.removed)):
        print(f"{label:9} {len(slugs)}" + (f"  ({', '.join(slugs)})" if slugs else ""))
    print(f"embedded  {report.chunks_embedded} new chunk(s) of {report.chunks_total} re-chunked")
    return 0


async def cmd_essays(args) -> int:
    if getattr(args, "map", None):
        return await _cmd_map(args)
    async with open_core(args) as core:
        blurbs = await core.tutor.essay_blurbs(args.guild)
    if args.json:
        print(json.dumps([{"essay": e.slug, "title": e.title, "author": e.author, "published": e.published,
                           "source": e.source, "paragraphs": len(e.paragraphs), "summary": summary}
                          for e, summary in blurbs], ensure_ascii=False))
        return 0
    if not blurbs:
        print("no essays are indexed; run `tutorbot ingest`")
    for essay, summary in blurbs:
        print(f"{essay.slug}: {essay.title} ({essay.author}, {essay.year}), {len(essay.paragraphs)} paragraphs")
        print(f"    {summary}")
    return 0


async def _cmd_map(args) -> int:
    """`tutorbot essays --map ESSAY`: what the tutor thinks the essay argues, for a teacher to check."""
    from bot.tutor.maps import map_lines

    async with open_core(args) as core:
        scope = await core.tutor.scopes.get(core.library.essays_for(args.guild))
        slug = core.tutor.resolve_essay(scope, args.map)
        essay = scope.by_slug[slug]
        if args.paragraph is not None and essay.paragraph(args.paragraph) is None:
            raise UserError(f"{slug} has {len(essay.paragraphs)} paragraphs; --paragraph must be 1 to {len(essay.paragraphs)}")
        argument = await core.tutor.maps.of(essay, await core.embedder())
    if args.json:
        data = argument.to_json()
        if args.paragraph is not None:
            data["sentences"] = [s for s in data["sentences"] if s["paragraph"] == args.paragraph]
            data["enumerations"] = [e for e in data["enumerations"] if e["paragraph"] == args.paragraph]
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print("\n".join(map_lines(argument, essay, paragraph=args.paragraph)))
    return 0


def _check_k(k: int) -> int:
    if not 1 <= k <= 50:
        raise UserError("--k must be between 1 and 50")
    return k


async def cmd_search(args) -> int:
    k = _check_k(args.k)
    if args.batch is None and args.query is None:
        raise UserError("give a query, or --batch FILE")
    async with open_core(args) as core:
        if args.batch is not None:
            for query in read_batch(args.batch):
                try:
                    result = await core.library.search(query, k=k, essay=args.essay)
                    out = {"query": result.query, "results": [h.to_json() for h in result.hits]}
                except UserError as exc:
                    out = {"query": query, "error": str(exc), "results": []}
                print(json.dumps(out, ensure_ascii=False), flush=True)
            return 0
        result = await core.library.search(args.query, k=k, essay=args.essay)
    if args.json:
        print(json.dumps({"query": result.query, "results": [h.to_json() for h in result.hits]}, ensure_ascii=False))
        return 0
    if not result.hits:
        print("no passages found")
    for rank, hit in enumerate(result.hits, 1):
        print(f"{rank}. {hit.author}, \"{hit.title}\", paragraph {hit.paragraph}  (score {hit.score:.4f}, cosine {hit.dense:.3f})")
        print(f"   {hit.text}\n")
    return 0


def default_qa_path() -> Path:
    """The development set, as kept in the repository (a copy of the shared one, ../shared)."""
    return project_root() / "tests" / "data" / "dev_qa.yaml"


def default_answers_path() -> Path:
    return project_root() / "tests" / "data" / "student_qa.yaml"


async def cmd_eval(args) -> int:
    if args.answers is not None:
        return await _eval_answers(args)
    items = [i for i in load_qa(args.qa or default_qa_path()) if not i.unanswerable]
    if not items:
        raise UserError("the question set has no answerable questions")
    async with open_core(args) as core:
        rankings = []
        for item in items:
            result = await core.library.search(item.q, k=10)
            rankings.append([h.text for h in result.hits])
    scores = score_rankings(items, rankings)
    if args.json:
        print(json.dumps(scores.to_json()))
    else:
        print(f"questions {scores.n}")
        print(f"hit@1     {scores.hit1:.3f}\nhit@3     {scores.hit3:.3f}\nhit@5     {scores.hit5:.3f}\nMRR@10    {scores.mrr10:.3f}")
        if scores.misses:
            print(f"not first: {', '.join(scores.misses)}")
    return 0


async def _eval_answers(args) -> int:
    entries = load_student_set(args.answers)
    async with open_core(args) as core:
        scores = await run_answer_eval(core.tutor, entries, core.library.essays_for(0))
    report = scores.to_json()
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"entries   {report['entries']}\npassed    {report['passed']} ({report['pass_rate']:.1%})")
    for category, cell in report["by_category"].items():
        print(f"  {category:14} {cell['passed']:3}/{cell['total']:<3} {cell['rate']:.0%}")
    print(f"wrong author        {len(report['wrong_author'])} {' '.join(report['wrong_author'])}")
    print(f"false not covered   {len(report['false_not_covered'])} {' '.join(report['false_not_covered'])}")
    if args.failures:
        for ident, reasons in report["failures"].items():
            print(f"  {ident}: {' | '.join(reasons)}")
    return 0
