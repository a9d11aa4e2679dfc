"""Issue 11 through Discord (offline harness): /quizitem test, imports that check citations and
report what changed, a Red pack played with its own CONFIG, the end-of-quiz recap, skip and
nothing-due wording, essays by prefix or author, and recent answers by question text."""

from __future__ import annotations

import asyncio

import pytest
from botkit import start_bot
from harness import DiscordHarness

from bot.clock import FakeClock
from bot.core import Core

pytestmark = pytest.mark.asyncio(loop_scope="session")

WALT = "walt-socialists-libertarians"
PACK = """items:
  - id: mod-budget
    kind: short_answer
    essay: rana-left-internationalism
    paragraph: 46
    prompt: Besides labor rights and the border, what is Rana's third reform?
    answer: scaling back the security budget
  - id: gen-sanctions
    kind: cloze
    origin: generated
    status: pending
    essay: rana-left-internationalism
    paragraph: 14
    prompt: The toolkit combines militarized confrontation with aggressive _____.
    answer: sanctions
"""
RED = """CONFIG:
  max_score: 1
  delay: 12
  reveal_answer: false
  use_spoilers: true
  bot_plays: true
Which think tank does Walt name on the libertarian right?:
- Cato Institute
- Cato
In which year did the financial order prove fragile?:
- 2008
Who favors a more restrained policy after recovering from liberal interventionism?:
- Peter Beinart
- Beinart
"""


async def test_quizitem_test_grades_builtin_moderator_and_generated_items(h: DiscordHarness, alpha) -> None:
    g, mod, ann, _ = alpha
    imported = await h.slash(mod, "quizitem import", file=h.attachment("pack.yaml", PACK))
    assert "Imported 2 question(s) from pack.yaml: 2 added, 0 replaced, 0 unchanged" in imported.text
    cases = [
        ("rana-three-reforms", "expanding the security budget", "wrong · rana-three-reforms · direction:"),
        ("rana-three-reforms", "reducing the security budget", "correct · rana-three-reforms · words:"),
        ("walt-beinart", "Beinart, Peter", "correct · walt-beinart · name_order:"),
        ("mod-budget", "not scaling back the security budget", "wrong · mod-budget · negation:"),
        ("gen-sanctions", "lifting sanctions", "wrong · gen-sanctions · direction:"),  # pending items too
        ("rana-creedalism", "exceptionalism creedalism liberalism", "wrong · rana-creedalism · guess_list:"),
    ]
    for item, answer, expected in cases:
        res = await h.slash(mod, "quizitem test", item=item, answer=answer)
        assert res.ephemeral and res.text.startswith(expected), (item, answer, res.text)
    denied = await h.slash(ann, "quizitem test", item="walt-beinart", answer="Beinart")
    assert denied.ephemeral and "correct" not in denied.text
    unknown = await h.slash(mod, "quizitem test", item="no-such-item", answer="x")
    assert unknown.ephemeral and "no-such-item" in unknown.text


async def test_import_refuses_dead_citations_and_reports_reimports(h: DiscordHarness, alpha) -> None:
    g, mod, _, _ = alpha
    dead = PACK.replace("paragraph: 46", "paragraph: 99")
    res = await h.slash(mod, "quizitem import", file=h.attachment("dead.yaml", dead))
    assert res.ephemeral and "paragraph 99 is out of range; 'rana-left-internationalism' has 53 paragraphs" in res.text
    assert await h.bot.core.store.list_items(g.id, status=None, include_global=False) == []
    await h.slash(mod, "quizitem import", file=h.attachment("pack.yaml", PACK))
    again = await h.slash(mod, "quizitem import", file=h.attachment("pack.yaml", PACK.replace("third reform", "last reform")))
    assert "1 added, 0 replaced, 1 unchanged" not in again.text
    assert "0 added, 1 replaced, 1 unchanged" in again.text
    exported = await h.slash(mod, "quizitem export")
    assert "status: pending" in exported.message.files[0].data.decode("utf-8")  # pending stays pending


async def test_red_pack_plays_with_its_own_config(discord_core: Core) -> None:
    clock = FakeClock()
    h = await start_bot(discord_core, clock=clock)
    try:
        g = h.add_guild()
        mod, ann = h.add_member(g, "mod", moderator=True), h.add_member(g, "ann")
        imported = await h.slash(mod, "quizitem import", file=h.attachment("Walt Quiz.yaml", RED), essay=WALT)
        assert "/quiz start pack:pack:walt-quiz" in imported.text and "not applicable here" in imported.text
        unknown = await h.slash(ann, "quiz start", pack="pack:nope")
        assert unknown.ephemeral and "No pack 'pack:nope'" in unknown.text and "pack:walt-quiz" in unknown.text
        res = await h.slash(ann, "quiz start", pack="pack:walt-quiz", questions=3)
        assert "12" in res.message.content  # Red's delay: seconds per question
        session = h.bot.core.sessions.get(g.id, g.channel.id)
        assert all("pack:walt-quiz" in i.tags for i in session.items)
        await clock.advance(12)  # nobody answers: the answer stays hidden (reveal_answer: false)
        await h.settle(200)
        hidden = h.recorder.channel_messages(g.channel.id)[-1]
        assert "keeps its answers hidden" in hidden.text and session.items[0].answer not in hidden.embeds[0]["description"]
        await clock.advance(5)
        await h.settle(200)
        question = h.recorder.channel_messages(g.channel.id)[-1]
        opened = await h.press(ann, question, "Answer")
        await h.submit_modal(ann, opened, {"answer": session.items[1].answer})
        await clock.advance(12)
        await asyncio.wait_for(session.wait(), timeout=10)
        await h.settle()
        posts = h.recorder.channel_messages(g.channel.id)
        reveal, final = posts[-2], posts[-1]
        assert f"||{session.items[1].answer}||" in reveal.embeds[0]["description"]  # use_spoilers
        assert final.embeds[0]["title"] == "Final scores"
        assert f"<@{ann.id}> reached 1 right answers first and wins!" in final.text  # max_score: 1
        assert session.final.questions_asked == 2
        recap = next(f for f in final.embeds[0]["fields"] if f["name"].startswith("To review"))
        assert session.items[0].answer in recap["value"]  # what nobody got, with its answer
    finally:
        await h.close()


async def test_solo_skip_recap_and_essay_by_author(h: DiscordHarness) -> None:
    g = h.add_guild()
    ann = h.add_member(g, "ann")
    res = await h.slash(ann, "quiz solo", essay="walt", questions=2)  # the author's surname, not the id
    session = h.bot.get_cog("QuizCog").solo[(g.id, ann.id)]
    assert {i.essay for i in session.items} == {WALT}
    first = session.items[0]
    skipped = await h.press(ann, res.message, "Skip")
    assert "Skipped" in res.message.text and "Not quite" not in res.message.text
    stopped = await h.press(ann, skipped.messages[-1], "Stop")
    summary = skipped.messages[-1]
    assert stopped.callback_type == 7 and summary.embeds[0]["title"] == "Quiz finished"
    recap = summary.embeds[0]["fields"][0]["value"]
    answer = "True" if first.answer == "true" else "False" if first.answer == "false" else first.answer
    # Issue 20: the recap names the essay by its title, never by its id
    assert f"→ {answer}" in recap and f"(read Socialists and Libertarians Need an Alliance Against the Establishment, paragraph {first.paragraph})" in recap and WALT not in recap
    prefix = await h.slash(ann, "quiz solo", essay="rana-left", questions=1)
    assert prefix.ephemeral and h.bot.get_cog("QuizCog").solo[(g.id, ann.id)].items[0].essay == "rana-left-internationalism"


async def test_review_with_nothing_due_is_not_an_error(discord_core: Core, tmp_path) -> None:
    clock = FakeClock()
    h = await start_bot(discord_core, clock=clock)
    try:
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        empty = await h.slash(ann, "review")
        assert empty.ephemeral and empty.text.startswith("Nothing is due for review yet")
        assert "error" not in empty.text.lower()
        res = await h.slash(ann, "quiz solo", questions=1)
        session = h.bot.get_cog("QuizCog").solo[(g.id, ann.id)]
        item = session.items[0]
        if item.kind in ("multiple_choice", "true_false"):
            shown = session.current
            right = shown.choices.index("True" if item.answer == "true" else "False" if item.answer == "false"
                                        else item.answer)
            await h.press(ann, res.message, startswith=f"qs:{session.session_id}:1:{right}")
        else:
            opened = await h.press(ann, res.message, "Answer")
            await h.submit_modal(ann, opened, {"answer": item.answer})
        later = await h.slash(ann, "review")  # answered right just now: due in the future
        assert later.ephemeral and later.text.startswith("Nothing is due for review right now") and "<t:" in later.text
        progress = await h.slash(ann, "progress")
        recent = next(f for f in progress.message.embeds[0]["fields"] if f["name"] == "Recent answers:")
        assert item.prompt[:40] in recent["value"] and item.id not in recent["value"]  # the question, not its id
    finally:
        await h.close()
