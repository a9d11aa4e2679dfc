"""What the learner says of themselves, essays named by their subject, and what a question's own
words give or ask for (FINAL-45, judged blind), on essays made up for these tests.

FINAL-45's first run: "I'm engineering student from Brazil … one of the essays says high school
should teach statistics before calculus, what is the main argument of it?" was answered from the
one essay that names Brazil, for a whole conversation; "the statistics essay", "the stats essay"
and "a 95 percent confidence interval" were read as requests for figures; "what date was it
published, need it for the citation" re-quoted the last passage; "A sensible plan would include
four elements:" was quoted without one element."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.compose import Sentence, group_quotes
from bot.tutor.frame import about_the_asker, parse
from bot.tutor.handlers.compare import comparison_topic
from bot.tutor.handlers.listing import _noun_of, listed_noun
from bot.tutor.requests import parse_request, without_spans

G, MOD, LEARNER = 7991, 181, 182

NUMBERS = """---
title: "Numbers First: Why Schools Should Teach Statistics Early"
short_title: "Numbers First"
author: "Ingrid Vasquez-Lowe"
published: 2021-03-04
---

# Numbers First: Why Schools Should Teach Statistics Early

Schools should teach statistics before advanced algebra, because most adults meet data every week and an equation almost never.

A 2019 survey of school leavers found that 61 percent had used a chart or an average at work within a year. Fewer than one in four could say what a margin of error means.

Some teachers fear that statistics will become a soft option for weaker pupils. That fear is fair, and it is why the change needs care. A sensible plan has three parts:

1. **Train teachers first.** Most were taught algebra, not data.
2. **Buy classroom software.** Pupils should work with real data sets.
3. **Change admissions.** Colleges should count statistics as much as algebra.

None of this makes algebra worthless; it makes it one path among two.
"""

RIVERS = """---
title: "Let the Rivers Run: Why Old Dams Should Come Down"
short_title: "Let the Rivers Run"
author: "Tomas Arkwright"
published: 2017-06-01
---

# Let the Rivers Run: Why Old Dams Should Come Down

Old dams that no longer store water or make power should be removed, because a free river rebuilds its own fish runs.

In Portugal, two small weirs were taken out in 2012 and salmon returned within three seasons.

The hardest obstacle is cost: removing a dam can cost more than keeping it, and nobody budgets for it.
"""

core, ask = upload_fixtures({"numbers.md": NUMBERS, "rivers.md": RIVERS}, guild=G, moderator=MOD, learner=LEARNER)


async def _scope(core):
    return await core.tutor.scopes.get(core.library.essays_for(G))


def _numbers(core):
    return next(e for e in core.library.essays_for(G) if e.author == "Ingrid Vasquez-Lowe")


def test_what_the_learner_says_of_themselves_is_marked():
    text = "hi! I'm nursing student from Portugal on exchange here. what does the essay argue?"
    spans = about_the_asker(text)
    assert len(spans) == 1 and "Portugal" in text[spans[0][0]:spans[0][1]]
    assert "argue" not in text[spans[0][0]:spans[0][1]]
    # a place the learner sets the question in is not about the learner (the essay's silence on it is news)
    text = "why do dams matter? in Portugal we dont even have big rivers haha"
    assert not any("Portugal" in text[a:b] for a, b in about_the_asker(text))
    assert about_the_asker("what does Arkwright say about Portugal?") == ()
    # where the learner studies is no topic; the question before it still is
    text = "some portuguese river did this too? I study in Lisbon so a local example would help"
    spans = about_the_asker(text)
    assert any("Lisbon" in text[a:b] for a, b in spans) and not any("river" in text[a:b] for a, b in spans)


async def test_a_country_the_learner_comes_from_does_not_choose_the_essay(ask):
    a = await ask("hi! I'm nursing student from Portugal doing exchange here. one of the essays says schools should "
                  "teach statistics early, what is the main argument of it?")
    assert "Vasquez-Lowe" in a.answer
    assert "Arkwright" not in a.answer and "Portugal" not in a.answer


async def test_a_country_asked_about_is_still_grounded(ask):
    a = await ask("what does Arkwright say about Portugal?")
    assert "In Portugal, two small weirs" in a.answer


async def test_an_essay_named_by_its_subject_asks_for_no_figures(core):
    scope = await _scope(core)
    for question in ("what does the statistics essay say about teachers?",
                     "does the stats essay say anything about teachers"):
        frame = parse(question, scope, None, None)
        assert [m.slug for m in frame.mentions] == [_numbers(core).slug], question
        assert "figures" not in frame.request.explicit and not frame.request.asks_figure, question


def test_a_quantity_the_learner_states_is_not_one_asked_for():
    assert not parse_request("whats a 95 percent confidence interval actually mean").asks_figure
    assert not parse_request("why does she say the numbers were wrong from the start?").explicit
    # asked for, they still are
    assert parse_request("what percent of leavers used a chart?").asks_figure
    assert "figures" in parse_request("what are the key numbers in her essay?").explicit


async def test_a_term_the_essay_uses_without_saying_what_it_means(ask):
    a = await ask("whats a margin of error actually mean, she says most people cant explain it lol")
    assert a.answer.startswith("Vasquez-Lowe uses “margin of error” without defining it")


async def test_the_publication_date_of_the_conversations_essay(ask):
    await ask("what could go wrong with arkwright's dams idea")
    a = await ask("what date was it published, need it for the citation")
    assert "2017-06-01" in a.answer
    assert "obstacle is cost" not in a.answer


async def test_which_was_written_first_gives_the_dates(ask):
    a = await ask("which one was written first? maybe the date explains the difference")
    assert "2017-06-01" in a.answer and "2021-03-04" in a.answer


async def test_simpler_for_a_friend_is_how_to_answer(ask):
    first = await ask("why should old dams come down according to arkwright?")
    a = await ask("more simple please, like you are explaining to a friend in the bar")
    # the plainer passage, or word that the plainest is already quoted: never a topic "friend in the bar"
    assert "doesn't discuss" not in a.answer and "friend" not in a.answer
    assert a.kind != "not_covered" and a.answer != first.answer


def test_a_hedge_is_no_comparison_topic():
    # ("do walt and rana basically agree?" got "Walt's essay doesn't discuss basically")
    assert comparison_topic("do they basically agree?", []) == ""
    assert comparison_topic("do they actually agree on dams?", []) == "dams"


async def test_a_closing_colon_brings_the_list_in_the_next_paragraph(core):
    essay = _numbers(core)
    announcing = next(p for p in essay.paragraphs if p.text.rstrip().endswith("three parts:"))
    last = Sentence(essay.slug, announcing.number, 2, "A sensible plan has three parts:", 0, 1.0, 1.0)
    quotes = group_quotes([last], lambda slug: essay if slug == essay.slug else None)
    assert [q.paragraph for q in quotes] == [announcing.number, announcing.number + 1]
    listed = quotes[1].text
    for item in ("Train teachers first.", "Buy classroom software.", "Change admissions."):
        assert item in listed
    assert "Most were taught algebra" not in listed  # the items' headings, not their bodies


def test_confusion_and_a_plea_to_explain_are_how_to_answer():
    text = "I didnt understood the equity problem he talks about. can you explain?"
    request = parse_request(text)
    left = without_spans(text, request.spans)
    assert "understood" not in left and "explain" not in left and "talks" not in left
    assert "equity problem" in left


def test_whether_it_is_going_to_happen_asks_for_the_outlook():
    assert "outlook" in parse_request("does he think any of this is actually going to happen?").explicit


async def test_compare_inside_a_one_essay_conversation_stays_in_it(ask):
    await ask("what numbers does vasquez-lowe give?")
    a = await ask("hmm but is it not unfair to compare? the leavers who used charts may be a different group")
    assert "side by side" not in a.answer
    assert "Arkwright" not in a.answer


def test_the_counted_noun_is_the_list_asked_for():
    # FINAL-45, judged blind: "says" (after "the worksheet") and a quoted adjective hid "tendencies"
    for question in ("q3 on the worksheet says 'identify the two counterproductive tendencies rana describes' help",
                     "what are the two 'deeply counterproductive' tendencies he identifies on the left?"):
        found = listed_noun(question)
        assert found is not None and _noun_of(found) == "tendencies", question
