"""A follow-up asking only for another form of the last answer ("ok 2 numbered points for my notes")
gets the last answer's paragraphs again as that many numbered quotes (bot/tutor/handlers/reshape.py),
on essays made up for the tests (tests/sample_essays.py TOLLS and BUSES)."""

from __future__ import annotations

from sample_essays import BUSES, TOLLS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7631, 99, 100


core, ask = upload_fixtures({"tolls.md": TOLLS, "buses.md": BUSES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_form_only_follow_up_lists_the_last_answers_passages(ask):
    first = await ask("what would lindqvist-osei's toll pay for?")
    shown = {(c.essay, c.paragraph) for c in first.citations}
    again = await ask("ok 2 numbered points for my notes pls")
    assert again.kind == "list"
    assert again.answer.startswith("The passages just quoted, as 2 points in Lindqvist-Osei's words:")
    assert [line[:3] for line in again.answer.splitlines()[1:]] == ["1. ", "2. "]
    assert {(c.essay, c.paragraph) for c in again.citations} <= shown


async def test_a_follow_up_with_a_topic_of_its_own_is_not_a_new_form(ask):
    await ask("what would lindqvist-osei's toll pay for?")
    other = await ask("2 points on the local farmers please")
    assert not other.answer.startswith("The passages just quoted")


async def test_a_form_only_follow_up_stays_within_a_small_answer_size(core):
    from bot.tutor import Tutor

    small = core.settings.tutor.model_copy(update={"max_answer_chars": 300})
    tutor = Tutor(core.library, core.embedder, core.store, core.prompts, small, core.clock)
    await tutor.ask("what would lindqvist-osei's toll pay for?", guild_id=G, user_id=LEARNER, channel_id=31_001,
                    record=False)
    again = await tutor.ask("ok 5 numbered points pls", guild_id=G, user_id=LEARNER, channel_id=31_001, record=False)
    assert again.kind == "list" and "\n1. " in again.answer
    assert "\n5. " not in again.answer  # five of the essay's sentences do not fit in 300 characters
    assert len(again.answer) <= 300


async def test_a_simpler_request_with_what_it_is_for_stays_on_the_last_answer(ask):
    """FINAL-20 (judged blind): "Simpler please, a couple of sentences I could say out loud in class."
    was refused as a new question about classes: what an answer is for is no topic."""
    first = await ask("what would lindqvist-osei's toll pay for?")
    shown = {(c.essay, c.paragraph) for c in first.citations}
    again = await ask("Simpler please, a couple of sentences I could say out loud in class.")
    assert again.followup == "simpler" and not again.abstained
    assert {(c.essay, c.paragraph) for c in again.citations} <= shown
    notes = await ask("simpler please, so i can put it in my notes")
    assert notes.followup == "simpler" and not notes.abstained


async def test_a_simpler_request_about_something_new_is_a_plain_answer_about_it(ask):
    """FINAL-21 (judged blind): "whats liberal hegemony in plain english", "explain creedalism
    simpler", "the pasadena bit simpler please" re-quoted the last answer: a "simpler" naming
    something the last turn did not is a question about that, in the conversation's essay."""
    await ask("what would lindqvist-osei's toll pay for?")
    gantry = await ask("whats the toll gantry in plain english")
    assert gantry.followup == "fresh" and any("gantry" in c.quote for c in gantry.citations), gantry.answer[:200]
    again = await ask("simpler please")
    assert again.followup == "simpler"


async def test_a_bare_request_after_a_turn_is_that_request_of_the_conversations_essay(ask):
    """FINAL-22 (judged blind): "key terms", "quotable line", "strongest counter arg?", "counter" after
    a turn on one essay were read as "and the X?" and refused ("Achterberg's essay doesn't discuss
    key terms"): ten such turns. They are those requests, of the essay the conversation is about."""
    tolls = "charge-the-lorries-at-night"
    for request, kind in (("key terms", "study"), ("quotable line", "study"), ("strongest counter arg?", "answer"),
                          ("counter", "answer")):
        await ask("what would lindqvist-osei's toll pay for?")
        a = await ask(request)
        assert a.kind == kind and not a.abstained and "doesn't discuss" not in a.answer, (request, a.answer[:120])
        assert {c.essay for c in a.citations} <= {tolls}, request  # (this essay defines no terms: none cited)


async def test_a_bare_shorter_after_a_turn_cuts_the_last_answer_down(ask):
    # FINAL-23, judged blind: "shorter pls 😭" was "Rana's essay doesn't discuss shorter 😭"
    first = await ask("what would lindqvist-osei's toll pay for?")
    shown = {(c.essay, c.paragraph) for c in first.citations}
    for follow_up in ("shorter pls 😭", "too long, shorter"):
        await ask("what would lindqvist-osei's toll pay for?")
        again = await ask(follow_up)
        assert again.answer.startswith("The passages just quoted, as 2 points in Lindqvist-Osei's words:")
        assert {(c.essay, c.paragraph) for c in again.citations} <= shown


def test_pictographs_carry_no_topic():
    from bot.text import without_pictographs

    assert without_pictographs("shorter pls 😭") == "shorter pls"
    assert without_pictographs("ok 👍🏽 and the realists?") == "ok and the realists?"
    assert without_pictographs("¶4 says 30% — why?") == "¶4 says 30% — why?"
