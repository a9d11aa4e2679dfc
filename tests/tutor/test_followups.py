"""Follow-up questions in a conversation, and conversations expiring after an idle time."""

from __future__ import annotations

import numpy as np
import pytest

from bot.clock import FakeClock
from bot.tutor.conversation import Conversations, Turn, about_phrase, classify

WALT = "walt-socialists-libertarians"


@pytest.mark.parametrize("question,kind", [
    ("why?", "more"),
    ("what does he mean by that?", "more"),
    ("tell me more", "more"),
    ("and what about the libertarians?", "shift"),
    ("and the realists?", "shift"),
    ("what book did he write?", "shift"),
    ("Why do realists want a more restrained foreign policy?", "fresh"),
    ("Who is Peter Beinart?", "fresh"),
    ("What causes earthquakes?", "fresh"),  # short, but a complete question of its own
    ("the realists?", "shift"),
])
def test_classify(question, kind):
    assert classify(question, has_context=True) == kind
    assert classify(question, has_context=False) == "fresh"


def test_about_phrase():
    assert about_phrase("And what about the socialists?") == "socialists"
    assert about_phrase("how about the Cato Institute") == "Cato Institute"
    assert about_phrase("what does he mean by that?") is None
    # the new group first, then the last question again in a few words (FINAL-25, FINAL-26)
    assert about_phrase("and for socialists what is their reason?") == "socialists"
    assert about_phrase("and the socialists, same reasons?") == "socialists"
    assert about_phrase("what about the other guys, the socialists") == "socialists"
    assert about_phrase("and why does he bring up bosnia") is None


def _turn(at: float) -> Turn:
    return Turn("q", "q", np.zeros(3, np.float32), None, ((WALT, 7),), frozenset(), at)


async def test_conversations_expire_after_idle_time():
    clock = FakeClock()
    conv = Conversations(clock, idle_minutes=30)
    conv.remember((0, 1, 2), _turn(clock.monotonic()))
    await clock.advance(29 * 60)
    assert conv.get((0, 1, 2)) is not None
    assert conv.get((0, 1, 3)) is None and conv.get((0, 9, 2)) is None and conv.get((5, 1, 2)) is None
    await clock.advance(2 * 60)
    assert conv.get((0, 1, 2)) is None and len(conv) == 0


async def test_followups_in_context(tutor_at, channel):
    tutor = tutor_at()
    ask = lambda q, **kw: tutor.ask(q, guild_id=0, user_id=1, channel_id=channel, record=False, **kw)  # noqa: E731
    first = await ask("Why do libertarians dislike liberal hegemony?")
    assert (first.citations[0].essay, first.citations[0].paragraph) == (WALT, 7)

    why = await ask("why?")
    assert why.followup == "more" and not why.abstained
    # around the paragraph just quoted (the rest of it, or its neighbours once it is all shown), never a repeat
    assert all(c.essay == WALT and abs(c.paragraph - 7) <= 1 for c in why.citations)
    assert not {c.quote for c in why.citations} & {c.quote for c in first.citations}
    assert "Following up on" in why.answer

    socialists = await ask("and what about the socialists?")
    assert socialists.followup == "shift"
    assert socialists.query == "Why do socialists dislike liberal hegemony?"
    assert (socialists.citations[0].essay, socialists.citations[0].paragraph) == (WALT, 8)

    fresh = await ask("Where does Aziz Rana teach?")
    assert fresh.followup == "fresh" and fresh.citations[0].paragraph == 53


async def test_followup_note_quotes_the_learners_own_words(tutor_at, channel):
    """The note above a follow-up names the question as typed: the retrieval query drops the
    author's name, which read "Following up on: “What does say libertarians dislike…”"."""
    tutor = tutor_at()
    ask = lambda q: tutor.ask(q, guild_id=0, user_id=1, channel_id=channel, record=False)  # noqa: E731
    await ask("What does Walt say libertarians dislike about liberal hegemony?")
    why = await ask("why?")
    assert why.followup == "more"
    assert "Following up on: “What does Walt say libertarians dislike about liberal hegemony?”" in why.answer
    again = await ask("say more")
    assert "Following up on: “What does Walt say libertarians dislike about liberal hegemony?”" in again.answer


async def test_followup_context_is_per_learner_and_expires(tutor_at, fake_clock, channel):
    tutor = tutor_at(conversation_idle_minutes=30)
    await tutor.ask("Why do libertarians dislike liberal hegemony?", guild_id=0, user_id=1, channel_id=channel,
                    record=False)
    other = await tutor.ask("why?", guild_id=0, user_id=2, channel_id=channel, record=False)
    assert other.followup == "fresh"  # another learner in the same channel has no context
    await fake_clock.advance(31 * 60)
    late = await tutor.ask("why?", guild_id=0, user_id=1, channel_id=channel, record=False)
    assert late.followup == "fresh"


async def test_short_new_question_is_not_read_as_a_followup(tutor_at, channel):
    tutor = tutor_at()
    await tutor.ask("Why do libertarians dislike liberal hegemony?", guild_id=0, user_id=1, channel_id=channel,
                    record=False)
    off = await tutor.ask("What causes earthquakes?", guild_id=0, user_id=1, channel_id=channel, record=False)
    assert off.followup == "fresh" and off.abstained


async def test_unanswered_new_question_clears_context(tutor_at, channel):
    tutor = tutor_at()
    await tutor.ask("Why do libertarians dislike liberal hegemony?", guild_id=0, user_id=1, channel_id=channel,
                    record=False)
    off = await tutor.ask("How do I bake sourdough bread?", guild_id=0, user_id=1, channel_id=channel, record=False)
    assert off.abstained
    assert tutor.conversations.get((0, channel, 1)) is None
