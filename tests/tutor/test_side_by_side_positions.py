"""Essays side by side: each author's own position, and the sentences the question quotes, on two
essays made up for these tests (nothing here is about the seed essays). FINAL-38 and FINAL-39 (judged
blind): none of 33 side-by-side answers was good; two classes among them:

- an essay's quote was the objection it goes on to answer ("Water is a necessity, the argument runs,
  …"), read as the author's view;
- a question that quotes each essay ("she calls it 'a purchase of a service', he calls his 'a benefit
  tax'") got other passages, not the ones quoted.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 8201, 105, 106

FERRY_FARES = """---
title: "Charge the Car, Not the Walker: Pricing Island Ferries"
short_title: "Charge the Car"
author: "Morwenna Tregarthen"
published: 2022-02-02
---

# Charge the Car

Island ferries should charge cars by their length and carry foot passengers almost free, because the deck space a car takes is what the ferry is short of.

The strongest objection is that pricing the crossing is unfair to islanders. The ferry is a lifeline, the argument runs, and a lifeline should not be priced like a luxury; a family that must take the car to the mainland hospital pays the most.

But the fare I propose is a charge for deck space, not for the crossing. Islanders on foot would pay almost nothing, and the hospital trip would be covered by a resident's pass, so the price falls on the long cars of summer visitors.

In short, the fare is a purchase of deck space, like any other rent for scarce room.

Some readers will say this is the same kind of argument as a toll road's, and in a way it is: whoever takes the room pays for it.
"""

ALLOTMENTS = """---
title: "Rent the Plots Fairly: Why Councils Should Price Allotments by Size"
short_title: "Rent the Plots Fairly"
author: "Declan Moorcroft"
published: 2023-03-03
---

# Rent the Plots Fairly

Councils should rent allotments by their size, so that the people who hold the largest plots pay for the land they keep from the waiting list.

A size-based rent is close to the textbook case of a benefit charge: those who use the land pay for it, and the money keeps the gates, water and paths in order.

Is this the same kind of argument people make for parking charges? Partly, since both charge for space that others want.

Critics say a higher rent will drive older gardeners off their plots. The rent for a half plot would not change, and a concession rate would remain for pensioners.
"""

core, ask = upload_fixtures({"ferry-fares.md": FERRY_FARES, "allotments.md": ALLOTMENTS},
                            guild=G, moderator=MOD, learner=LEARNER)


async def test_an_essays_quote_in_a_comparison_is_its_own_view_not_the_objection_it_answers(ask):
    a = await ask("the ferry essay and the allotment essay both use prices for something scarce. is pricing "
                  "a lifeline unfair to islanders and gardeners, or do they say the same thing?")
    assert "The ferry is a lifeline, the argument runs" not in a.answer
    assert "pricing the crossing is unfair to islanders" not in a.answer


async def test_a_comparison_quoting_each_essay_shows_the_sentences_it_quotes(ask):
    a = await ask("Tregarthen calls the fare 'a purchase of deck space', and Moorcroft calls the rent "
                  "'a benefit charge'. Are they making the same kind of argument?")
    assert "the fare is a purchase of deck space" in a.answer
    assert "the textbook case of a benefit charge" in a.answer
