"""Questions the tutor used to refuse or cut short, on two essays made up for these tests.

Each test is one mechanism (issue 18/23 follow-up): a quote read as a passage, an essay-scoped
objection with what states it and the author's reply, an essay's figures, a follow-up that points
back, a question about the essays as a set, a citation, a counted list named in other words, and
"¶N" without an essay. Nothing here is about the seed essays.
"""

from __future__ import annotations

import re

from sample_essays import LIBRARIES
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7401, 81, 82

FERRIES = """---
title: "Bring Back the Night Ferry"
short_title: "Night Ferry"
author: "Oona Teague"
published: 2023-03-09
source: "The Harbour Post"
---

# Bring Back the Night Ferry

The last ferry across the estuary leaves at nine, and the towns on the far shore go dark with it. Councils should run the ferry until one in the morning.

In 2021 the port authority ran a trial with a midnight sailing on Fridays. After six months, the late boat carried an average of 180 passengers a night, and nearly half of them said they would otherwise have driven.

Two habits keep councils from acting. The first is to treat transport as a daytime service for commuters. A second, distinct habit is to count only fares and never the cost of the trips that did not happen.

The strongest objection to all this comes from councillors who watch the budget, and it deserves a proper answer. It goes like this. A boat that sails half empty burns the same fuel as a full one, and the subsidy would come out of bus routes that poorer residents rely on.

But the objection proves less than it seems to. The late sailings in the trial cost 40 percent less per passenger than the night bus that the same council already runs. Canadian councils that kept their night boats found the same.

So what should a council do? I would suggest three changes. First, run the last boat at one in the morning on Fridays and Saturdays. Second, sell one ticket for the late boat and the bus that meets it. Third, count the car trips the boat replaces when the budget is set.
"""

SLUG = "bring-back-the-night-ferry"
LIB = "libraries-should-stay-open-at-night"


core, ask = upload_fixtures({"quill-libraries.md": LIBRARIES, "teague-ferry.md": FERRIES}, guild=G, moderator=MOD, learner=LEARNER)


def quoted(answer) -> str:
    return " ".join(c.quote for c in answer.citations)


async def test_the_best_sentence_is_quoted_with_the_next_one_that_carries_the_answer(ask):
    a = await ask("what did teague's trial find")
    assert not a.abstained
    # the set-up sentence alone ("In 2021 the port authority ran a trial…") leaves the result out
    assert "180 passengers" in quoted(a)


async def test_an_essay_scoped_objection_comes_with_what_it_is_and_the_reply(ask):
    a = await ask("whats the strongest objection in teague and how does she reply")
    assert not a.abstained and {c.essay for c in a.citations} == {SLUG}
    text = quoted(a)
    assert "burns the same fuel" in text  # what the objection is, not only its announcement
    assert "proves less than it seems" in text  # and the author's answer to it
    assert a.lead == "The objection Teague takes up, then Teague's reply:"


async def test_key_numbers_are_the_essays_figures_in_reading_order(ask):
    a = await ask("key numbers from teague's essay pls")
    assert a.answer.startswith("The figures Teague gives, in reading order:")
    assert "180 passengers" in a.answer and "40 percent" in a.answer
    assert a.answer.index("180 passengers") < a.answer.index("40 percent")


async def test_a_refused_follow_up_that_points_back_is_answered_in_the_thread(ask):
    first = await ask("what does teague say about the budget objection")
    assert not first.abstained
    again = await ask("give me the opp attack on it in one sentence")
    assert not again.abstained and again.followup == "more"
    assert {c.essay for c in again.citations} == {SLUG}


async def test_a_question_about_the_essays_as_a_set_gets_each_thesis(ask):
    a = await ask("which of the essays has the most actual data and which is mostly opinion")
    assert a.kind == "overview"
    assert a.answer.startswith("Here is what each essay argues, side by side")
    assert {c.essay for c in a.citations} >= {SLUG, LIB}


async def test_a_citation_is_built_from_front_matter_only(ask):
    a = await ask("how do I cite teague's essay in APA?")
    assert "Teague, O. (2023, March 9). Bring Back the Night Ferry. *The Harbour Post*." in a.answer
    assert "no page numbers" in a.answer
    mla = await ask("mla citation for the ferry essay by teague")
    assert "Teague, Oona. “Bring Back the Night Ferry.” *The Harbour Post*, 9 Mar. 2023." in mla.answer
    general = await ask("anyone know how to cite stuff in chicago style")
    assert general.abstained  # not about these essays


async def test_a_counted_list_named_in_other_words_is_found(ask):
    a = await ask("what are the 2 bad tendencies teague says hold councils back")
    assert a.kind == "list"
    assert "daytime service" in a.answer and "count only fares" in a.answer


async def test_a_paragraph_number_without_an_essay_is_read_off_its_words(ask):
    a = await ask("in ¶2 she says the late boat carried 180 passengers a night, is that a lot?")
    assert a.kind == "paragraph" and [c.essay for c in a.citations] == [SLUG]


async def test_simpler_gives_one_line_of_a_longer_quote_but_never_repeats_a_line(ask):
    first = await ask("what did teague's trial find")
    long_quotes = [c.quote for c in first.citations if len(re.findall(r"[.!?](?:\s|$)", c.quote)) > 1]
    assert long_quotes  # the window made a quote of two sentences
    simpler = await ask("simpler please")
    assert simpler.citations and not simpler.abstained
    assert {c.quote for c in simpler.citations}.isdisjoint({c.quote for c in first.citations})
    again = await ask("even simpler")
    assert {c.quote for c in again.citations}.isdisjoint({c.quote for c in simpler.citations})


async def test_the_parts_of_an_argument_named_in_a_question_are_given_labelled(ask):
    a = await ask("break down the structure of teague's essay: thesis, objection and her policy")
    assert a.kind == "summary"
    thesis, objection = a.answer.index("**Thesis**"), a.answer.index("**The strongest objection")
    assert thesis < objection
    section = a.answer[objection:]
    assert "burns the same fuel" in section and "proves less than it seems" in section


async def test_which_essays_mention_a_word_gets_each_essays_first_use(ask):
    a = await ask("which essays talk about fuel at all? want an angle for my seminar")
    assert a.answer.startswith("Where the essays use “fuel”")  # only the clause's words, not "angle"
    assert [c.essay for c in a.citations] == [SLUG] and "Not used at all by: Harbour, Quill." in a.answer
    besides = await ask("besides teague, does anyone else in the readings talk about evenings?")
    assert {c.essay for c in besides.citations} == {LIB}


async def test_which_essays_use_a_word_asked_in_other_words_gets_each_essays_first_use(ask):
    """FINAL-33: "in all the six essays, which ones use the concept of 'neoliberal'?" and "which
    essays use the word commons" were answered with unrelated lines of every essay."""
    for question in ("in all the essays, which ones use the concept of 'fuel'? I want to compare",
                     "which essays use the word fuel"):
        a = await ask(question)
        assert a.answer.startswith("Where the essays use “fuel”"), (question, a.answer[:120])
        assert [c.essay for c in a.citations] == [SLUG], question


async def test_who_is_a_person_in_an_authors_essay_is_about_that_person_not_the_author(ask):
    """FINAL-33: "who is bessner in walt's essay" was answered with Walt's byline."""
    a = await ask("who is bell in quill's essay")
    assert "Ada Bell" in quoted(a) and "is by Mara Quill" not in a.answer, a.answer[:200]
    byline = await ask("who is quill")
    assert "Mara Quill" in byline.answer and not byline.citations


async def test_two_essays_with_paragraph_numbers_are_not_a_request_to_show_one_paragraph(ask):
    """"quill ¶3 says X, teague ¶2 says Y: same point?" once stopped with "which essay?", then was
    read as "the 2 says", a count for the list handler."""
    a = await ask("quill ¶3 says the late hours are cheap. teague ¶2 says the late boat was full. same point?")
    assert a.kind not in ("paragraph", "list") and a.citations


def test_a_double_barrelled_surname_answers_to_each_part_and_a_paragraph_sign_is_a_frame():
    from bot.corpus.essay import parse_essay
    from bot.tutor.scope import EssayNames

    essay = parse_essay("---\ntitle: Tides\nauthor: Helen Marsh-Adeyemi\n---\n\nThe tide comes in twice a day.\n",
                        slug="tides", name="tides.md")
    names = EssayNames([essay])
    assert names.named("marsh ¶9 numbers?") == ["tides"]  # "marsh" is an English word: the ¶ frames it
    assert names.named("what does Adeyemi say about tides") == ["tides"]
    assert names.named("what are marsh's recommendations") == ["tides"]  # a possessive frames it
    assert names.named("the salt marsh floods at night") == []


async def test_what_an_essay_is_about_in_n_sentences_and_the_date_order(ask):
    """FINAL-6 refused "whats the marsh one about in like 2 sentences" and "what order were these
    written in? like dates" (fixed after that run)."""
    a = await ask("whats the teague one about in like 2 sentences")
    assert a.kind == "summary" and {c.essay for c in a.citations} == {SLUG}
    order = await ask("what order were these written in? like dates")
    assert order.kind == "author"
    assert order.answer.index("Libraries Should Stay Open at Night") < order.answer.index("Bring Back the Night Ferry")
    # FINAL-33: "which of these essays is the oldest" got each essay's thesis side by side
    oldest = await ask("which of these essays is the oldest")
    assert oldest.kind == "author" and oldest.answer.index("Libraries Should Stay Open at Night") < \
        oldest.answer.index("Bring Back the Night Ferry")


async def test_a_summary_of_all_the_essays_names_every_one_within_the_answer_length(core):
    """With six essays a cap of four left two out of "tldr of all the essays" without a word."""
    g2 = G + 1
    for n, topic in enumerate(("tides", "kites", "bridges", "orchards", "ferns")):
        text = (f"---\ntitle: \"Why {topic.title()} Matter\"\nauthor: \"Writer{n} Example\"\npublished: 202{n}\n---\n\n"
                f"Cities should care about {topic} far more than they do. Most people never think about {topic}, "
                f"yet {topic} shape daily life in ways that are easy to miss.\n")
        await core.library.add_essay_upload(f"{topic}.md", text.encode(), guild_id=g2, added_by=MOD)
    a = await core.tutor.ask("tldr of all the essays", guild_id=g2, user_id=LEARNER, channel_id=999, record=False)
    assert a.kind == "summary"
    for topic in ("Tides", "Kites", "Bridges", "Orchards", "Ferns"):
        assert f"Why {topic} Matter" in a.answer
    assert "Keepers of the Light" in a.answer and len(a.answer) <= 1500


async def test_a_paragraph_asked_for_is_what_the_next_question_is_about(ask):
    """FINAL-7: "Marsh ¶8, the chatbot point…" then "Suppose I restrict ¶8 to graded work…" got
    "which essay's ¶8?" (the shown paragraph was not remembered)."""
    first = await ask("teague ¶2, the trial. does it prove anything?")
    assert first.kind == "paragraph"
    again = await ask("suppose I restrict ¶2 to weekdays. does it still hold?")
    assert again.kind != "clarify" and {c.essay for c in again.citations} == {SLUG}


def test_where_and_contractions_are_never_named_things():
    from bot.tutor.named import _CAP_RUN

    runs = [m.group(0) for m in _CAP_RUN.finditer("Isn't this André Gorz's idea? Doesn't Rana credit Amna Akbar?")]
    assert "André Gorz" in runs and "Amna Akbar" in runs
    assert not any(r.startswith(("Isn", "Doesn")) for r in runs)


async def test_anywhere_is_not_what_the_question_asks_about(ask):
    first = await ask("what did teague's trial find")
    assert not first.abstained
    again = await ask("and self-selection: people who take the late boat are those who like boats. does she address that anywhere?")
    assert "never mention anywhere" not in again.answer and "never mentions anywhere" not in again.answer


async def test_an_unscoped_role_question_is_answered_from_one_essay_not_each(ask, core):
    """Quotes from every essay under "What each author …" were wrong in 25 of 35 turns of four
    blind runs; a question that names no essay and is not about the set gets the essay its best
    sentence comes from."""
    a = await ask("what figures does she give for late opening and late sailings")
    assert len({c.essay for c in a.citations}) == 1 and "From the essays" not in a.answer
    both = await core.tutor.ask("what objections do all the essays take up?", guild_id=G, user_id=LEARNER,
                                channel_id=997, record=False)  # a new conversation: not the ferry thread
    assert "each author" in both.answer or len({c.essay for c in both.citations}) > 1


async def test_a_place_named_only_as_context_is_said_to_be_absent_before_the_answer(ask):
    # The place is an aside (the question is about the trial), so the tutor answers, but its first
    # line must not let the quote pass for something the essay says about Norway.
    a = await ask("In Norway ferries already run all night. Did Teague's trial show people would use a late boat?")
    assert not a.abstained and {c.essay for c in a.citations} == {SLUG}
    assert a.answer.startswith("Teague's essay never mentions Norway.")
    assert "180 passengers" in quoted(a)


async def test_a_place_the_essay_names_by_its_adjective_is_not_called_absent(ask):
    # "Canadian councils…" is a mention of Canada: no "never mentions Canada" line
    a = await ask("In Canada, did councils that kept night boats find the same as Teague's trial?")
    assert not a.abstained
    assert "never mentions" not in a.answer
    assert "Canadian councils" in quoted(a)


async def test_does_she_say_x_late_in_a_message_is_checked_against_the_quotes(ask):
    # The yes/no question is the message's last sentence, after the learner's own reasoning; the
    # essay gives no breakdown of the trial's cost, so the first line says it doesn't say that.
    a = await ask("The night bus costs a lot too, I guess. Does Teague break down the fuel bill of the late boat?")
    assert a.lead.startswith("Teague's essay doesn't say that."), a.answer
    b = await ask("People drive at night anyway. Does Teague say how many passengers the late boat carried?")
    assert b.lead.startswith("Yes"), b.answer


async def test_her_recommendation_is_the_thesis_and_the_numbered_proposals_in_order(ask):
    # "First, … Second, … Third, …" with the sentence announcing them, after the thesis: the
    # proposals nearest the question's words gave the tail of the list (FINAL-9).
    a = await ask("what is teague's policy recommendation exactly?")
    text = quoted(a)
    assert "Councils should run the ferry until one in the morning" in text
    for item in ("First, run the last boat", "Second, sell one ticket", "Third, count the car trips"):
        assert item in text, a.answer
    assert text.index("First, run") < text.index("Second, sell") < text.index("Third, count")


async def test_a_follow_up_the_essay_does_not_answer_does_not_replay_the_passage_just_shown(ask):
    # "how many passengers?" then "does she say how many were tourists?": the essay doesn't say,
    # and the same sentence again read as a repeat to blind judges; the lead says so and the
    # thread's next passage comes instead (one conversation: the fixture's channel)
    first = await ask("how many passengers did teague's late boat carry a night?")
    shown = {(c.essay, c.paragraph, c.quote) for c in first.citations}
    second = await ask("and does she say how many of them were tourists?")
    again = {(c.essay, c.paragraph, c.quote) for c in second.citations}
    assert again and again != shown, second.answer
    assert second.lead.startswith("Teague's essay doesn't say that."), second.answer


async def test_a_yes_no_question_asking_for_caveats_gets_no_yes_for_its_concessions(ask):
    # "Yes — Teague grants difficulties:" answers "does she admit …", not "can it pay for itself?"
    a = await ask("can teague's late boat pay for itself? give me her caveats too")
    assert not a.lead.startswith("Yes"), a.answer
    b = await ask("does teague admit the late boat has a downside?")
    assert b.lead.startswith("Yes — Teague grants"), b.answer



async def test_a_question_about_the_set_that_names_its_topic_gets_each_essays_closest_passage(ask):
    a = await ask("which essay would a night-shift nurse like more and why?")
    assert a.kind == "overview"
    assert a.lead == "No passage answers that for the essays as a set; where each comes closest to it:"
    assert {c.essay for c in a.citations} >= {SLUG, LIB}
    assert "Here is what each essay argues" not in a.answer



def test_an_essay_named_by_its_subject_with_or_without_the_article():
    """FINAL-20 (judged blind): "read the three reasons in library essay", "according library essay",
    "island essay author is …", "library one, what is …" left the essay unnamed, and answers came
    from the others. The word form counts too ("library" for an essay about libraries)."""
    from bot.corpus.essay import parse_essay
    from bot.tutor.scope import EssayNames

    libraries = parse_essay(LIBRARIES, slug="libraries-at-night", name="libraries.md")
    ferries = parse_essay(FERRIES, slug="ferries", name="ferries.md")
    names = EssayNames([libraries, ferries])
    assert names.named("teacher say read the three reasons in library essay for tuesday") == ["libraries-at-night"]
    assert names.named("what should be done according library essay?") == ["libraries-at-night"]
    assert names.named("the library one, what is the late shift") == ["libraries-at-night"]
    assert names.named("is that from ferry passengers or library ones?") == []  # "ones" without "the"
    assert names.named("in the ferry essay who pays") == ["ferries"]
    assert names.named("which one is longer") == [] and names.named("no one knows") == []


async def test_an_essay_and_a_length_alone_ask_for_its_summary(ask):
    """FINAL-20 (judged blind): "parking essay in one sentence" was answered from the passage
    nearest the words, a sub-point first; an essay and a length with nothing else is a summary."""
    for question in ("ferry essay in one sentence", "teague in 2 lines"):
        a = await ask(question)
        assert a.kind == "summary" and {c.essay for c in a.citations} == {SLUG}, (question, a.kind)


async def test_a_counted_list_asked_as_learners_write_it(ask):
    """FINAL-20 (judged blind): "what 3 reform rana want" (no plural), "two 'tendencies' … what are
    they?" (the noun quoted) and "the 3 group he want to join" were answered from the passage
    nearest their words, one item of the list."""
    for question in ("what 3 reason quill give", "Quill gives three 'reasons' for late hours. What are they?"):
        a = await ask(question)
        assert a.kind == "list" and a.answer.splitlines()[0].startswith("Quill names three reasons"), (question, a.answer[:80])


async def test_the_two_in_a_conversation_about_two_essays_are_those_two(ask):
    """FINAL-20 (judged blind): "Which of the two is more realistic?" after a turn on two essays of
    five quoted all five. Here the server has three essays (the shared one among them)."""
    first = await ask("compare quill and teague on who the late hours serve")
    assert {c.essay for c in first.citations} == {LIB, SLUG}
    two = await ask("which of the two is more convincing?")
    assert two.citations and {c.essay for c in two.citations} <= {LIB, SLUG}


def test_a_side_by_side_shows_only_a_topic_the_learner_wrote():
    """FINAL-20 (judged blind): "The essays on “put sign coalition”, side by side" gathered words from
    across "put walt and rana side by side. would rana sign up to walts coalition"."""
    from bot.tutor.handlers.compare import shown_topic

    def display(topic):
        return topic

    assert shown_topic(display, "put sign coalition",
                       "put walt and rana side by side. would rana sign up to walts coalition") == ""
    assert shown_topic(display, "nato", "compare walt and rana on nato") == "nato"
    assert shown_topic(display, "security budget", "walt vs rana on the security budget?") == "security budget"
