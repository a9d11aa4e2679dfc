"""Progress and leaderboards as plain text, for the CLI and for `/progress` in `tutorbot chat`.

No Discord types: the Discord adapter can post this text as it is or build its own embed from the
same `LearnerProgress`. All wording is in `prompts/progress.yaml`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from bot.progress.stats import LeaderRow, LearnerProgress
from bot.prompts import PromptBook, PromptSection, prompt_spec
from bot.text import truncate

RECENT_QUESTION_CHARS = 80

SPEC = prompt_spec(
    "progress",
    {
        "header": {"user", "scope"},
        "empty": {"user"},
        "summary": {"attempts", "correct", "accuracy", "points", "questions", "skipped"},
        "streaks": {"day_streak", "best_day_streak", "answer_streak", "best_answer_streak"},
        "due": {"due_now", "next_due"},
        "no_next_due": set(),
        "essay_line": {"essay", "mastery", "retrievability", "seen", "total", "attempts", "accuracy"},
        "essay_legend": set(),
        "recent_header": set(),
        "recent_line": {"when", "question", "essay", "mark", "points"},
        "mark_correct": set(),
        "mark_wrong": set(),
        "mark_skipped": set(),
        "scope_dm": set(),
        "scope_guild": {"guild"},
        "no_accuracy": set(),
        "leaderboard_header": {"by", "scope"},
        "leaderboard_empty": {"by"},
        "leaderboard_line": {"rank", "user", "points", "accuracy", "attempts", "day_streak"},
    },
)


@lru_cache(maxsize=4)
def _default_section(folder: str) -> PromptSection:
    return PromptBook.load(Path(folder), {"progress": SPEC.keys}).section("progress")


def _section(book: PromptBook | None) -> PromptSection:
    if book is not None:
        return book.section("progress")
    from bot.config import load_settings

    return _default_section(str(load_settings().prompts_dir))


def _pct(value: float | None, p: PromptSection) -> str:
    return p("no_accuracy") if value is None else f"{value:.0%}"


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def format_progress(progress: LearnerProgress, book: PromptBook | None = None) -> str:
    """A learner's progress as plain text; `book` defaults to the project's prompts folder."""
    p = _section(book)
    scope = p("scope_dm") if progress.guild_id == 0 else p("scope_guild", guild=progress.guild_id)
    lines = [p("header", user=progress.user_id, scope=scope)]
    if progress.attempts == 0 and progress.questions_asked == 0 and not progress.skipped:
        lines.append(p("empty", user=progress.user_id))
        return "\n".join(lines)
    lines.append(p("summary", attempts=progress.attempts, correct=progress.correct, skipped=progress.skipped,
                   accuracy=_pct(progress.accuracy, p), points=progress.points, questions=progress.questions_asked))
    lines.append(p("streaks", day_streak=progress.day_streak, best_day_streak=progress.best_day_streak,
                   answer_streak=progress.answer_streak, best_answer_streak=progress.best_answer_streak))
    next_due = _when(progress.next_due) if progress.next_due else p("no_next_due")
    lines.append(p("due", due_now=progress.due_now, next_due=next_due))
    for e in progress.essays:
        lines.append(p("essay_line", essay=e.essay, mastery=f"{e.mastery:.0%}", retrievability=f"{e.retrievability:.0%}",
                       seen=e.items_seen, total=e.items_total, attempts=e.attempts, accuracy=_pct(e.accuracy, p)))
    if progress.essays:
        lines.append(p("essay_legend"))
    if progress.recent:
        lines.append(p("recent_header"))
        for r in progress.recent:
            question = truncate(" ".join(r.prompt.split()), RECENT_QUESTION_CHARS) if r.prompt else r.item_id
            lines.append(p("recent_line", when=_when(r.at), question=question, essay=r.essay,
                           mark=p("mark_correct") if r.correct else p("mark_skipped") if r.skipped else p("mark_wrong"), points=r.points))
    return "\n".join(lines)


def format_leaderboard(rows: list[LeaderRow], *, by: str, guild_id: int, book: PromptBook | None = None) -> str:
    p = _section(book)
    scope = p("scope_dm") if guild_id == 0 else p("scope_guild", guild=guild_id)
    if not rows:
        return p("leaderboard_empty", by=by)
    lines = [p("leaderboard_header", by=by, scope=scope)]
    for r in rows:
        lines.append(p("leaderboard_line", rank=r.rank, user=r.user_id, points=r.points,
                       accuracy=_pct(r.accuracy, p), attempts=r.attempts, day_streak=r.day_streak))
    return "\n".join(lines)
