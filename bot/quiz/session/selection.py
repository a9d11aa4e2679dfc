"""Which items a quiz asks: the active pool of a server, a random pick without twins (see the
package docstring), the items of the last few quizzes (asked again only when nothing else is
left), the items due for review, the choices in shown order, and the essay a learner means.
Imports `store` and `events`."""

from __future__ import annotations

import logging
import random
from typing import Any, Collection, Sequence

from bot.errors import UserError
from bot.quiz.grading import shown_choices
from bot.quiz.items import BLANK, QuizItem, from_record
from bot.quiz.normalize import canonical
from bot.quiz.session.events import answer_text
from bot.quiz.session.store import QuizStore

log = logging.getLogger(__name__)


def pick_items(items: Sequence[QuizItem], count: int, rng: random.Random, *, essays: Sequence[str] = (),
               kinds: Sequence[str] = (), tags: Sequence[str] = (), avoid: Collection[str] = ()) -> list[QuizItem]:
    """`count` random items without twins (see the `bot.quiz.session` docstring); items in `avoid` (seen in
    recent quizzes) come last, so they are asked again only when nothing fresh is left."""
    pool = [i for i in items if (not essays or i.essay in essays) and (not kinds or i.kind in kinds)
            and (not tags or set(tags) & set(i.tags))]
    if not pool:
        raise UserError("no active quiz items match those options")
    pool.sort(key=lambda i: i.id)  # the same rng seed gives the same quiz whatever the store order
    order = rng.sample(pool, len(pool))
    order = [i for i in order if i.id not in avoid] + [i for i in order if i.id in avoid]
    chosen: list[QuizItem] = []
    for item in order:
        if len(chosen) >= count:
            break
        if not any(twins(item, other) for other in chosen):
            chosen.append(item)
    return chosen


def _source_key(item: QuizItem) -> str:
    return canonical(item.prompt.replace(BLANK, " "))


def twins(a: QuizItem, b: QuizItem) -> bool:
    """Two items that must not share a quiz: one source sentence, one fact, or one gives the other away."""
    if a.essay == b.essay and _source_key(a) == _source_key(b):
        return True
    if (a.essay == b.essay and a.paragraph is not None and a.paragraph == b.paragraph
            and canonical(answer_text(a)) == canonical(answer_text(b))):
        return True
    return _shows_answer(a, b) or _shows_answer(b, a)


def _shows_answer(asker: QuizItem, other: QuizItem) -> bool:
    if other.kind == "true_false":
        return False
    answer = canonical(other.answer)
    if len(answer) < 4:
        return False
    return f" {answer} " in f" {canonical(asker.prompt.replace(BLANK, ' '))} "


async def load_pool(store: QuizStore, guild_id: int, *, essays: Sequence[str] = ()) -> list[QuizItem]:
    """Active items visible in a server (its own and the built-in ones)."""
    records = []
    if essays:
        for essay in essays:
            records += await store.list_items(guild_id, essay=essay)
    else:
        records = await store.list_items(guild_id)
    items = []
    for record in records:
        try:
            items.append(from_record(record))
        except Exception:  # noqa: BLE001 - one corrupt row must not stop a quiz
            log.warning("skipping quiz item %s: does not match the schema", record.get("id"))
    return items


def _display_choices(item: QuizItem, rng: random.Random) -> list[str]:
    choices = shown_choices(item)
    if item.kind == "multiple_choice":
        rng.shuffle(choices)
    return choices


class EssayNotFound(UserError):
    """No essay matches what the learner typed (several matching is a plain UserError)."""


def find_essay(essays: Sequence[Any], text: str) -> Any:
    """The one essay a learner means by an id, an unambiguous id prefix or its author's name
    ("walt", "rana-left", "Stephen Walt"); a clear UserError when none or several match."""
    from bot.corpus.authors import author_names

    wanted = " ".join(text.lower().replace("_", "-").split())
    if not wanted:
        raise UserError("which essay? give its id or its author's name")
    exact = [e for e in essays if e.slug == wanted]
    if exact:
        return exact[0]
    hits = []
    for essay in essays:
        names = {n.lower() for a in author_names(essay.author) for n in (a.surname, a.full, a.short)}
        if essay.slug.startswith(wanted) or wanted in names:
            hits.append(essay)
    if len(hits) == 1:
        return hits[0]
    known = ", ".join(e.slug for e in essays[:10]) or "none"
    if not hits:
        raise EssayNotFound(f"no essay matches '{text[:60]}'; known: {known}")
    raise UserError(f"'{text[:60]}' matches several essays ({', '.join(e.slug for e in hits[:5])}); type more of the id")


RECENT_SESSIONS = 3  # a quiz avoids the items of the player's (or channel's) last three quizzes


async def recently_asked(store: QuizStore, guild_id: int, *, user_id: int | None = None,
                         channel_id: int | None = None) -> set[str]:
    """Item ids of the last few quizzes a learner started (solo, review) or a channel played."""
    return set(await store.recent_session_items(guild_id, user_id=user_id, channel_id=channel_id,
                                                sessions=RECENT_SESSIONS))


async def _due_items(store: QuizStore, guild_id: int, user_id: int, essays: Sequence[str], limit: int) -> list[QuizItem]:
    due = []
    if essays:
        for essay in essays:
            due += await store.due_items(guild_id, user_id, essay=essay, limit=limit)
        due.sort(key=lambda d: d.due)
    else:
        due = await store.due_items(guild_id, user_id, limit=limit)
    items = []
    for entry in due[:limit]:
        record = await store.get_item(guild_id, entry.item_id)
        if record is None:
            continue
        try:
            items.append(from_record(record))
        except Exception:  # noqa: BLE001
            log.warning("skipping due item %s: does not match the schema", entry.item_id)
    return items
