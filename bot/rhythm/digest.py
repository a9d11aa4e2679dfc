"""The weekly digest: one server's week in a few lines, for the channel and for `tutorbot digest`.

What it holds, and how each is counted (the tests recompute these by hand from a seeded history):

- **questions asked**: the tutor's answers recorded in the window; the most asked topics are the
  paragraphs those answers cited (an answer citing a paragraph twice counts it once), top three,
  ties in reading order;
- **quiz activity**: attempts in the window (all kinds: group, solo, review, question of the
  day), how many were right, how many members answered, how many quizzes had answers (by kind)
  and how many questions of the day were posted;
- **most missed**: the three items with the most wrong answers in the window (ties: the higher
  miss rate, then the item id), each with the passage that answers it;
- **not quizzed yet**: paragraphs that have an active quiz item in this server but no attempt
  here on any of their items, ever;
- **leaderboard**: the server's leaderboard (all-time points), top three, only members who share
  their progress.

The window is the seven days ending at `end`. No Discord types: the cog renders `Digest` as one
embed, the CLI as text (`render_text`) or JSON (`to_dict`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from bot.corpus.essay import Essay
from bot.prompts import PromptSection
from bot.quiz.session import answer_text
from bot.rhythm.choose import active_records, paragraph_of, parse
from bot.rhythm.passages import Passage, essay_index, passage_for, reading_order, short_title

TOP_TOPICS = 3
TOP_MISSED = 3
TOP_LEADERS = 3
UNTOUCHED_SHOWN = 12  # paragraph numbers listed; the rest are counted


@dataclass(frozen=True)
class Topic:
    essay: str
    title: str
    paragraph: int
    count: int


@dataclass(frozen=True)
class MissedEntry:
    item_id: str
    prompt: str
    answer: str
    wrong: int
    attempts: int
    passage: Passage | None


@dataclass(frozen=True)
class Untouched:
    essay: str
    title: str
    paragraphs: list[int]


@dataclass(frozen=True)
class Leader:
    rank: int
    user_id: int
    points: int
    correct: int
    attempts: int


@dataclass(frozen=True)
class Digest:
    guild_id: int
    start: dt.datetime
    end: dt.datetime
    questions_asked: int
    topics: list[Topic]
    attempts: int
    correct: int
    members: int
    quizzes: dict[str, int]
    daily_questions: int
    missed: list[MissedEntry]
    untouched: list[Untouched]
    leaders: list[Leader] = field(default_factory=list)

    @property
    def untouched_count(self) -> int:
        return sum(len(u.paragraphs) for u in self.untouched)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        out["untouched_count"] = self.untouched_count
        return out


async def build_digest(store: Any, essays: Sequence[Essay], guild_id: int, *, end: dt.datetime,
                       days: int = 7) -> Digest:
    """The digest of the `days` days before `end` for one server (`essays`: those it reads)."""
    start = end - dt.timedelta(days=days)
    order = reading_order(essays)
    by_slug = essay_index(essays)
    week = await store.week_activity(guild_id, start, end)

    cited: Counter[tuple[str, int]] = Counter()
    for citations in week["citations"]:
        cited.update({(str(c["essay"]), int(c["paragraph"])) for c in citations
                      if isinstance(c, dict) and c.get("essay") in by_slug and c.get("paragraph")})
    ranked = sorted(cited, key=lambda k: (-cited[k], order[k[0]], k[1]))[:TOP_TOPICS]
    topics = [Topic(slug, short_title(by_slug[slug]), n, cited[(slug, n)]) for slug, n in ranked]

    records = {r["id"]: r for r in await active_records(store, guild_id)}
    week_totals = await store.item_attempt_totals(guild_id, since=start, until=end)
    missed_ids = sorted((i for i, (_, wrong) in week_totals.items() if wrong > 0),
                        key=lambda i: (-week_totals[i][1], -week_totals[i][1] / week_totals[i][0], i))[:TOP_MISSED]
    missed = []
    for item_id in missed_ids:
        record = records.get(item_id) or await store.get_item(guild_id, item_id)  # disabled since: still named
        item = parse(record) if record is not None else None
        n, wrong = week_totals[item_id]
        if item is not None:
            missed.append(MissedEntry(item_id, item.prompt, answer_text(item), wrong, n, passage_for(item, by_slug)))
        elif record is not None:
            missed.append(MissedEntry(item_id, str(record.get("prompt", "")), str(record.get("answer", "")), wrong, n,
                                      passage_for(record, by_slug)))
        else:
            missed.append(MissedEntry(item_id, "", "", wrong, n, None))

    ever = await store.item_attempt_totals(guild_id)
    tried: set[tuple[str, int]] = set()
    quizzable: dict[str, set[int]] = defaultdict(set)
    for item_id, record in records.items():
        number = paragraph_of(record)
        essay = by_slug.get(record.get("essay") or "")
        if essay is None or number is None or essay.paragraph(number) is None:
            continue
        quizzable[essay.slug].add(number)
        if item_id in ever:
            tried.add((essay.slug, number))
    untouched = []
    for slug in sorted(quizzable, key=lambda s: order[s]):
        left = sorted(n for n in quizzable[slug] if (slug, n) not in tried)
        if left:
            untouched.append(Untouched(slug, short_title(by_slug[slug]), left))

    board = await store.leaderboard(guild_id, by="points", limit=TOP_LEADERS)
    leaders = [Leader(r.rank, r.user_id, r.points, r.correct, r.attempts) for r in board]
    return Digest(guild_id, start, end, len(week["citations"]), topics, week["attempts"], week["correct"],
                  week["members"], dict(sorted(week["sessions"].items())), week["daily_posts"], missed, untouched,
                  leaders)


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def untouched_text(t: PromptSection, digest: Digest, *, limit: int = UNTOUCHED_SHOWN) -> list[str]:
    """One line per essay ("Walt: ¶3, ¶5, ...") listing at most `limit` numbers in all."""
    lines, shown = [], 0
    for entry in digest.untouched:
        room = max(0, limit - shown)
        if room == 0:
            break
        numbers = entry.paragraphs[:room]
        shown += len(numbers)
        lines.append(t("digest_untouched_line", title=entry.title, paragraphs=", ".join(f"¶{n}" for n in numbers)))
    rest = digest.untouched_count - shown
    if rest > 0:
        lines.append(t("digest_untouched_more", count=rest))
    return lines


def quiz_text(t: PromptSection, digest: Digest) -> str:
    if not digest.attempts:
        return t("digest_quiz_none", daily=digest.daily_questions)
    return t("digest_quiz_value", attempts=digest.attempts, correct=digest.correct,
             accuracy=percent(digest.correct, digest.attempts), members=digest.members,
             quizzes=sum(n for kind, n in digest.quizzes.items() if kind != "daily"), daily=digest.daily_questions)


def missed_text(t: PromptSection, entry: MissedEntry) -> str:
    head = t("digest_missed_line", prompt=entry.prompt or entry.item_id, answer=entry.answer or "?",
             wrong=entry.wrong, attempts=entry.attempts)
    if entry.passage is None:
        return head
    p = entry.passage
    return f"{head}\n{t('digest_missed_passage', quote=p.quote, title=p.title, paragraph=p.paragraph)}"


def render_text(t: PromptSection, digest: Digest, *, name: Any = None) -> str:
    """The digest as plain text (the CLI; anything without embeds). `name(user_id)` words a member."""
    name = name or (lambda user_id: t("digest_cli_name", id=user_id))
    lines = [t("digest_cli_header", guild=digest.guild_id, start=digest.start.strftime("%Y-%m-%d %H:%M"),
               end=digest.end.strftime("%Y-%m-%d %H:%M")), ""]
    lines.append(t("digest_asked", count=digest.questions_asked))
    lines += [t("digest_topic_line", title=x.title, paragraph=x.paragraph, count=x.count) for x in digest.topics]
    lines += ["", t("digest_quiz_title"), quiz_text(t, digest), "", t("digest_missed_title")]
    lines += [missed_text(t, m) for m in digest.missed] or [t("digest_missed_none")]
    lines += ["", t("digest_untouched_title")]
    lines += untouched_text(t, digest) or [t("digest_untouched_none")]
    lines += ["", t("digest_leaders_title")]
    lines += [t("digest_leader_line", rank=r.rank, name=name(r.user_id), points=r.points) for r in digest.leaders] \
        or [t("digest_leaders_none")]
    return "\n".join(lines)
