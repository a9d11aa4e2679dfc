"""The study path: what a member should read next, from what they got wrong and have not tried.

The order, so the answer is predictable and can be checked by hand:

1. the paragraphs behind the member's **missed** items (their last answer to the item was wrong)
   and **due** items (FSRS says review now), in reading order (essays as the library lists them,
   then paragraph number);
2. then paragraphs with active quiz items the member has **never answered**, in reading order.

A paragraph appears once, in the first group it belongs to. Items that name no paragraph are left
out (there is nothing to read). Each step carries a one-line preview; adapters add a Read button.
The path also names the essay whose mastery (`bot.progress.stats.mastery`: recall x coverage) is
lowest for the member, ties in reading order. No Discord types: `/next`, `tutorbot next` and the
terminal chat's `/next` all use `study_path`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Sequence

from bot.corpus.essay import Essay
from bot.prompts import PromptSection
from bot.rhythm.choose import active_records, paragraph_of
from bot.rhythm.passages import essay_index, preview, reading_order, short_title

DUE_LIMIT = 10_000

Why = Literal["review", "new"]


@dataclass(frozen=True)
class Step:
    essay: str
    title: str
    paragraph: int
    preview: str
    why: Why
    missed: int = 0   # items of this paragraph whose last answer was wrong
    due: int = 0      # items of this paragraph due for review now


@dataclass(frozen=True)
class Weakest:
    essay: str
    title: str
    mastery: float
    items_seen: int
    items_total: int


@dataclass(frozen=True)
class StudyPath:
    guild_id: int
    user_id: int
    steps: list[Step] = field(default_factory=list)
    weakest: Weakest | None = None

    def to_dict(self) -> dict:
        return asdict(self)


async def study_path(store: Any, essays: Sequence[Essay], guild_id: int, user_id: int) -> StudyPath:
    """`essays`: those the member's scope reads (the library's `essays_for`), in reading order."""
    order = reading_order(essays)
    by_slug = essay_index(essays)
    where: dict[str, tuple[str, int]] = {}
    for record in await active_records(store, guild_id):
        essay, number = by_slug.get(record.get("essay") or ""), paragraph_of(record)
        if essay is not None and number is not None and essay.paragraph(number) is not None:
            where[record["id"]] = (essay.slug, number)
    last = await store.member_item_results(guild_id, user_id)
    due = {d.item_id for d in await store.due_items(guild_id, user_id, limit=DUE_LIMIT)}

    missed_at: dict[tuple[str, int], int] = defaultdict(int)
    due_at: dict[tuple[str, int], int] = defaultdict(int)
    answered_at: set[tuple[str, int]] = set()
    for item_id, key in where.items():
        if item_id in last:
            answered_at.add(key)
            if not last[item_id]:
                missed_at[key] += 1
        if item_id in due:
            due_at[key] += 1

    def sort_key(key: tuple[str, int]) -> tuple[int, int]:
        return order[key[0]], key[1]

    def step(key: tuple[str, int], why: Why) -> Step:
        essay = by_slug[key[0]]
        paragraph = essay.paragraph(key[1])
        if paragraph is None:
            raise LookupError(f"{key[0]} has no paragraph {key[1]}")
        return Step(key[0], short_title(essay), key[1], preview(paragraph), why,
                    missed_at.get(key, 0), due_at.get(key, 0))

    review = sorted(set(missed_at) | set(due_at), key=sort_key)
    new = sorted({k for k in where.values() if k not in answered_at and k not in due_at}, key=sort_key)
    steps = [step(k, "review") for k in review] + [step(k, "new") for k in new]

    progress = await store.learner_progress(guild_id, user_id)
    rated = [e for e in progress.essays if e.essay in by_slug and e.items_total > 0]
    weakest = None
    if rated:
        low = min(rated, key=lambda e: (e.mastery, order[e.essay]))
        weakest = Weakest(low.essay, short_title(by_slug[low.essay]), low.mastery, low.items_seen, low.items_total)
    return StudyPath(guild_id, user_id, steps, weakest)


def why_text(t: PromptSection, s: Step) -> str:
    if s.why == "new":
        return t("next_why_new")
    parts = []
    if s.missed:
        parts.append(t("next_why_missed", count=s.missed))
    if s.due:
        parts.append(t("next_why_due", count=s.due))
    return ", ".join(parts)


def step_line(t: PromptSection, s: Step) -> str:
    return t("next_line", title=s.title, paragraph=s.paragraph, preview=s.preview, why=why_text(t, s))


def weakest_line(t: PromptSection, path: StudyPath) -> str | None:
    w = path.weakest
    if w is None:
        return None
    return t("next_weakest", title=w.title, mastery=f"{w.mastery:.0%}", seen=w.items_seen, total=w.items_total)


def render_text(t: PromptSection, path: StudyPath, *, limit: int = 10) -> str:
    """The path as plain text (the CLI and the terminal chat)."""
    if not path.steps:
        lines = [t("next_empty")]
    else:
        lines = [t("next_title")] + [step_line(t, s) for s in path.steps[:limit]]
        if len(path.steps) > limit:
            lines.append(t("next_more", count=len(path.steps) - limit))
    weakest = weakest_line(t, path)
    if weakest:
        lines.append(weakest)
    return "\n".join(lines)
