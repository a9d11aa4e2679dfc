"""A quote that gives a figure of the kind asked carries the paragraph's other sentences that give
one too (`figures.with_figure_runs`), and "dates pls" asks for dates (`quantities.asked`).

FINAL-42 (judged blind): "what happened with the subway of New York in the pandemic? dates pls" got
the closing date (6 May 2020) and not the reopening (17 May 2021) four sentences on. The essay is
made up for these tests."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.quantities import asked

G, MOD, LEARNER = 7999, 195, 196

FERRIES = """---
title: "The Last Boat Home: What a Harbour Town Owes Its Night Workers"
short_title: "The Last Boat Home"
author: "Tove Karlsson-Obi"
published: 2024-06-30
---

# The Last Boat Home

Harbour towns should run ferries after midnight, because the people who clean and cook for the day's visitors go home at night.

The clearest lesson came when Port Ellery took its night ferry away. On 3 March 2021, in the second winter of the pandemic, the harbour board stopped the crossing between midnight and five for the first time in its history. The board said the boats needed cleaning. The people who rode at two in the morning were the cleaners and cooks the town had applauded all spring, the porters who carry the hotel linen down to the quay, the bakers who start the ovens before the fishing boats come in, and the nurses on the late shift at the cottage hospital across the water. The town cheered them at dusk and chained the gangway against them after midnight, and nobody on the board seemed to notice the contradiction until the letters began to arrive. One came from a night porter who had worked the quay for twenty years and had never once missed the last boat home; another from a baker who now slept in her car by the harbour wall three nights a week rather than pay for a taxi she could not afford. The night crossing did not return until 9 October 2022, and the bus that replaced it added an hour to many journeys.

A late crossing costs little more than a daytime one, because the boats and crews already exist.
"""

core, ask = upload_fixtures({"ferries.md": FERRIES}, guild=G, moderator=MOD, learner=LEARNER)


def test_dates_pls_asks_for_dates():
    wanted = asked("what happened with the night ferry in the pandemic? dates pls")
    assert wanted is not None and wanted.kind == "date"
    assert asked("this dates back to the nineties, right?") is None


async def test_the_paragraphs_other_dates_are_quoted_with_the_first(ask):
    a = await ask("what happened with the Port Ellery night ferry in the pandemic? dates pls")
    assert "On 3 March 2021" in a.answer
    assert "did not return until 9 October 2022" in a.answer


async def test_a_brief_answer_gets_no_more_figures(ask):
    a = await ask("what happened with the Port Ellery night ferry in the pandemic? dates pls, one sentence")
    assert "9 October 2022" not in a.answer or "3 March 2021" not in a.answer
