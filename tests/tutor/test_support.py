"""What backs one claim a question states (bot/tutor/handlers/support.py), end to end on the real
model over an essay made up for it (tests/sample_essays.py WELLS): the figures and named sources
the essay puts with that sentence, or plainly none, never a figure elsewhere in the paragraph."""

from __future__ import annotations

from sample_essays import WELLS
from tutor_support import upload_fixtures

from bot.text import number_in_words
from bot.tutor.handlers.support import stated_claim

G, MOD, LEARNER = 7431, 91, 92

core, ask = upload_fixtures({"fenby-wells.md": WELLS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_claim_backed_by_the_next_sentence_gets_that_source(ask):
    a = await ask("he says households with a working well use less piped water in a drought. source?")
    assert a.lead.startswith("What Fenby-Adeyemi gives for it in ¶2")
    assert any("2019 survey of 310 households" in c.quote for c in a.citations)


async def test_a_claim_with_no_source_says_so_though_its_paragraph_holds_a_figure(ask):
    a = await ask("he claims villagers prefer wells to standpipes. any evidence?")
    assert a.lead.startswith("Fenby-Adeyemi names no source and gives no figure for this in ¶3")
    quoted = " ".join(c.quote for c in a.citations)
    assert "villagers prefer them to standpipes" in quoted and "12,000" not in quoted


async def test_a_figure_asked_about_is_found_in_words_and_not_backed_by_a_neighbouring_report(ask):
    a = await ask("where does the 30% come from")
    assert a.lead.startswith("Fenby-Adeyemi names no source and gives no figure for this in ¶4")
    assert any("thirty per cent" in c.quote for c in a.citations)
    assert not any("surveyed every parish" in c.quote for c in a.citations)


def test_the_claim_is_read_from_quotes_says_and_any_evidence():
    assert stated_claim("and the 'car ownership rises with income' claim, is there a source") == \
        "car ownership rises with income"
    assert stated_claim("rana says war coverage 'certainly' plays on racialized sentiments. evidence?") \
        .startswith("war coverage 'certainly' plays on racialized sentiments")
    assert stated_claim("does she give any evidence students revise by recall") == ""
    assert stated_claim("what does she say about the limits of the trial evidence") == ""
    assert stated_claim("what evidence is there") == ""


def test_numbers_in_words():
    assert [number_in_words(n) for n in (7, 15, 40, 25, 312)] == \
        ["seven", "fifteen", "forty", "twenty-five", "three hundred and twelve"]
    assert number_in_words(1000) is None


async def test_a_reported_figure_is_backed_by_the_source_named_just_before_it(ask):
    a = await ask("where does the 41 come from")
    assert a.lead.startswith("What Fenby-Adeyemi gives for it in ¶4")
    quoted = " ".join(c.quote for c in a.citations)
    assert "surveyed every parish in 2020" in quoted and "counted 41 disused wells" in quoted


async def test_asking_what_figures_mean_is_not_asking_their_source(ask):
    a = await ask("the survey numbers, 310 households and a fifth, is what?")
    assert "names no source" not in a.lead and "gives for it" not in a.lead
