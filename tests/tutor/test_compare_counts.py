"""Side by side (bot/tutor/handlers/compare.py), over three essays made up for the tests: "both"
among three essays means the two that come closest, with no note of the third left out; a year one
essay gives and the other never does is what the other is silent on, said first."""

from __future__ import annotations

from sample_essays import LIBRARIES, MARKETS, WELLS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7441, 93, 94

core, ask = upload_fixtures({"quill-libraries.md": LIBRARIES, "calloway-markets.md": MARKETS,
                             "fenby-wells.md": WELLS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_both_authors_among_three_essays_are_the_two_closest(ask):
    a = await ask("both authors want things open in the evening. do they argue it the same way?")
    assert a.kind == "comparison"
    assert {c.essay for c in a.citations} <= {"libraries-should-stay-open-at-night", "open-the-covered-market-after-dark"}
    assert "Fenby-Adeyemi" not in a.answer and "Left out for room" not in a.answer


async def test_a_year_only_one_essay_gives_is_what_the_other_is_silent_on(ask):
    a = await ask("do fenby-adeyemi and calloway-reyes both mention 2019?")
    assert a.lead.startswith("Only Fenby-Adeyemi discusses 2019; Calloway-Reyes's essay doesn't")
    assert {c.essay for c in a.citations} == {"mend-the-village-wells"}


async def test_a_name_offered_with_an_alternative_silences_no_essay(ask):
    # "which essays speak about covid or the pandemic?": an essay that says "pandemic" is not silent
    a = await ask("do fenby-adeyemi and calloway-reyes both mention 2019 or the winter fair?")
    assert not a.lead.startswith("Only")
