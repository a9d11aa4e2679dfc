"""Items a blind teacher marked bad or weak in round 17 (items from essays written outside the
repository), each a class of stem or key that comes out broken, guarded on an essay made up here:

- a "because" inside a comma aside ("The resident, who pays no levy because …, is better off");
- a claim whose subject was in the clause before ("…, and is quite likely better off, because …");
- a claim whose subject is an ordinal with nothing after it ("The second is not less … than the first");
- a definition that is only a label ("By a lifeline block I mean the first tier, sized to …");
- a blank on the term a "By '…' I mean" sentence defines (the definition gives it away);
- a place taken for a person ("a nurse at a hospital in south Manchester … Who is this person?").
"""

from __future__ import annotations

from quiz_support import FakeEncoder

from bot.corpus.essay import parse_essay
from bot.quiz.generation import ItemGenerator

TEXT = """---
title: "Free Doors, Paid Beds"
author: "Ines Calloway"
published: 2024
---

By a lifeline pass I mean the first card, issued free to every resident who asks, and valid for a year at every gallery.

By "open hours" I mean the times when a gallery lets anyone in without a ticket, whatever the day or the season.

The resident, who pays no levy because they do not stay in a hotel in their own city, is plainly better off under this plan.

The tourist is not worse off, and is quite likely better off, because the levy covers every public gallery in the city.

There are two ways to ration a scarce gallery. The second is not less fair than the first. It is a city deciding in the open what its galleries are for.

A 2021 survey of 900 night workers in Greater Manchester, conducted by researchers at the University of Salford, found that most had never been inside a public gallery.

Grace Oyelaran, a night-shift nurse at a hospital in south Manchester, put it more bluntly than I could: a gallery that closes at five is closed to her.

Galleries should open late because night workers cannot visit them by day, and a city owes them its collections too.
"""


def _items():
    essay = parse_essay(TEXT, slug="galleries", name="galleries.md")
    gen = ItemGenerator([essay], FakeEncoder().encode, meaning_max=1.0)
    return gen.generate().generated


def test_no_cause_item_from_a_because_inside_an_aside_or_a_claim_without_subject():
    prompts = [g.item.prompt for g in _items() if g.kind == "cause"]
    assert not any("who pays no levy" in p for p in prompts), prompts
    assert not any("writes that is quite likely" in p or "writes that and is" in p for p in prompts), prompts


def test_no_claim_item_whose_subject_is_a_bare_ordinal():
    prompts = [g.item.prompt for g in _items() if g.kind == "claim"]
    assert not any("the second is not less fair" in p.lower() for p in prompts), prompts


def test_no_term_item_for_a_label_and_no_blank_on_a_term_its_definition_gives_away():
    items = _items()
    terms = [g.item.prompt for g in items if g.kind == "term"]
    assert not any("“the first card”" in p for p in terms), terms
    assert not any(g.kind in ("cloze", "choice") and "open hours" in g.item.answers for g in items)


def test_a_place_is_never_asked_as_a_person():
    for g in _items():
        if g.kind == "who":
            assert "Manchester" not in " ".join(g.item.answers), g.item.prompt
