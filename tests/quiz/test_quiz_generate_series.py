"""Items from what unseen essays hold most (issue 20: an essay written after the generator
yielded 2 items): a "First, … Second, … Third, …" series nothing announces with a count, asked
with choices; and key claims ("The strongest case against X is not A. It is about B.").
Everything on an essay made up here, with the bag-of-words test encoder."""

from __future__ import annotations

import re

from quiz_support import FakeEncoder

from bot.corpus.argument import build_map
from bot.corpus.essay import parse_essay
from bot.quiz.generation import ItemGenerator

ORCHARDS = """---
title: "Let the Orchards Grow Wild"
author: "Ines Marlowe"
published: 2023
---

Every autumn the county sprays its public orchards twice, and every spring the bees come back fewer.

A schoolteacher three counties away pays for that spraying through her taxes, though she never eats the fruit.

## The other side

Fairness requires hearing the growers out, and the growers have real arguments.

First, unsprayed trees lose much of their crop to scab and moth in a wet year.

Second, the orchards pay for the rangers who keep the parks open all winter.

Third, neighbouring farms fear that pests will spread from neglected trees to their own.

I accept all three points, but none of them justifies spraying every tree on a fixed calendar.

## What the county should do

First, the county should stop spraying the orchards that border streams and ponds.

Second, the rangers' wages should come from the general budget rather than fruit sales.

Third, volunteers should prune and thin the trees so that fewer pests take hold.

The strongest case against calendar spraying is not ecological, though. It is about who pays for it.

The deepest mistake behind the spraying programme is the belief that an orchard is a factory, and it shows in every budget.

The real cost of the programme is not clear.

A sprayed orchard is not really a garden; it is a small chemical plant with blossoms.

Volunteer pruning is not a hobby for retirees. It is the cheapest pest control the county has.

It is not a question of money. It is a question of will.

Rangers are not hostile to wild trees; they are tired of complaints.

The real lesson is not ecological. It is money.

A survey of sixty orchards in three cities found that wild trees fed twice as many bees.

The second return is ecological, and it shows in the hives.

Two rules govern the orchards. One governs the growers and the other the rangers. The first should be scrapped entirely and at once. The second should be kept as it stands today.

The strongest objection to all this comes from growers who fear for their neighbours' trees.

The honest choice is not between spraying and neglect. It is between a calendar and a careful eye.

Consider what a grower with a spraying contract actually does. He sprays every tree on the calendar, because his fee is counted per visit.

I asked the rangers about it. They shrugged, because nobody had asked them before.

The third reason is practical. They keep the paths clear, because the rangers walk them every day.

The central point is a question of money and will.

But a pruned tree is not a weaker tree; it is a tree that fruits for longer.

Reversing that is not a small task; it is the work of a decade.

The harvest was late not because the trees are weak but because the pickers had left for the cities.
"""


def orchards():
    return parse_essay(ORCHARDS, slug="orchards", name="orchards.md")


def generate(kinds):
    return ItemGenerator([orchards()], FakeEncoder().encode, meaning_max=1.0, kinds=kinds).generate().generated


def test_a_series_nothing_counts_is_an_enumeration_and_a_far_count_does_not_claim_it():
    """"three counties away" two paragraphs before "First, …" is no announcement (the list was filed
    under "counties"); the series is filed under the sentence that introduces it, and "all three
    points" after it takes its items."""
    amap = build_map(orchards())
    assert all(e.noun != "counties" for e in amap.enumerations if e.items)
    with_items = [e for e in amap.enumerations if e.items and e.items[0].text.startswith("First,")]
    firsts = {e.items[0].text.split(",")[1].strip()[:20] for e in with_items}
    assert firsts == {"unsprayed trees lose", "the county should st"}, firsts
    points = [e for e in with_items if e.noun == "points"]
    assert points and len(points[0].items) == 3
    growers = next(e for e in with_items if e.noun == "" and "unsprayed" in e.items[0].text)
    intro = amap.get(growers.paragraph, growers.index)
    assert intro is not None and intro.text.startswith("Fairness requires hearing the growers out")


def test_a_series_of_sentences_is_asked_with_choices_from_outside_it_in_one_mood():
    """The growers' points are asked with wrong choices that are claims like them, never the county's
    proposals ("… should …"): a choice in another mood is picked out by its grammar. The county's
    own proposals get no item: the essay has no other proposals to offer as wrong choices (blind
    teachers, round 14: "the only recommendation is the right answer")."""
    items = {g.item.prompt: g.item for g in generate(("list",))}
    assert len(items) == 1, list(items)
    growers = next(i for p, i in items.items() if "the growers have real arguments" in p)
    assert "three points in turn (“First, …”, “Second, …”)" in growers.prompt
    points = {"Unsprayed trees lose much of their crop to scab and moth in a wet year",
              "The orchards pay for the rangers who keep the parks open all winter",
              "Neighbouring farms fear that pests will spread from neglected trees to their own"}
    assert growers.kind == "multiple_choice" and growers.answer in points
    wrong = set(growers.choices) - {growers.answer}
    assert len(wrong) >= 2 and not wrong & points, growers.choices
    assert not any(re.search(r"\b(?:should|must|need to|ought to)\b", c) for c in growers.choices)
    # never the series' own paragraphs or section (they elaborate its points)
    assert not any(c.startswith("I accept all three points") for c in growers.choices)


def test_key_claims_ask_for_what_the_essay_says_its_strongest_case_or_deepest_mistake_is():
    items = {g.item.prompt: g.item for g in generate(("claim",))}
    strongest = items.get("According to Marlowe, what is the strongest case against calendar spraying?")
    deepest = items.get("According to Marlowe, what is the deepest mistake behind the spraying programme?")
    assert strongest is not None and strongest.answer == "about who pays for it", items
    assert strongest.kind == "short_answer" and "It is about who pays for it." in strongest.explanation
    assert deepest is not None and deepest.answer == "the belief that an orchard is a factory"
    # "… is not clear." says what the cost is not, and nothing after it says what it is: no item
    assert not any("real cost" in p for p in items)


def test_a_correction_asks_what_the_thing_is_instead():
    """"X is not A; it is B" and "X is not A." + "It is B." (one to five in each essay written for
    the project): asked as "… writes that X is not A. What is it?"; never with a pronoun subject."""
    items = {g.item.prompt: g.item for g in generate(("claim",))}
    plant = items.get("Marlowe writes that a sprayed orchard is not really a garden. What is it, according to Marlowe?")
    pruning = items.get("Marlowe writes that volunteer pruning is not a hobby for retirees. What is it, according to "
                        "Marlowe?")
    rangers = items.get("Marlowe writes that rangers are not hostile to wild trees. What are they, according to Marlowe?")
    assert plant is not None and plant.answer == "a small chemical plant with blossoms", list(items)
    assert pruning is not None and pruning.answer == "the cheapest pest control the county has"
    assert "It is the cheapest pest control the county has." in pruning.explanation
    assert rangers is not None and rangers.answer == "tired of complaints"
    assert not any("question of will" in i.answer for i in items.values())  # "It is not …": no subject to ask about


def test_what_round_11_teachers_marked_bad_is_not_asked():
    """Three fixes from one blind round: a count ("three cities") does not take a series met from its
    second item ("The second return is …"); "The first should …" points back at things named before
    it and opens no series; "late not because A but because B" is no cause item (A is the rejected
    cause); and a one-word claim ("money") names a topic, not a point."""
    made = generate(("list", "cause", "claim"))
    prompts = " ".join(g.item.prompt for g in made)
    assert "cities" not in " ".join(e.noun for e in build_map(orchards()).enumerations if e.items)
    assert "The first should" not in prompts and "two points" not in prompts
    assert not any("the trees are weak" in g.item.answer or "late not" in g.item.prompt for g in made)
    assert not any(g.item.answer == "money" for g in made)


def test_round_12_claims_ask_only_ranked_copulas():
    """Blind teachers, round 12: "what comes the strongest objection" (its key was who objects) and
    "the honest choice" (an evaluation with a second fair answer in the essay) are not asked; "two
    rules" then "The first should …" is no series (verdicts on things named before)."""
    made = generate(("claim", "list"))
    prompts = " ".join(g.item.prompt for g in made)
    assert "objection" not in prompts and "honest choice" not in prompts, prompts
    assert "The first should" not in prompts and "two rules" not in prompts


def test_a_reason_whose_subject_is_he_or_they_is_asked_with_the_sentence_that_names_them():
    """"He sprays every tree …, because …" after "Consider what a grower … does.": the question
    quotes both, so the reader knows who "he" is; never after a first-person sentence."""
    causes = {g.item.prompt: g.item for g in generate(("cause",))}
    grower = ("Marlowe writes: “Consider what a grower with a spraying contract actually does. He sprays every tree "
              "on the calendar …” Why, according to Marlowe?")
    assert grower in causes, list(causes)
    assert causes[grower].answer == "his fee is counted per visit"
    assert not any("shrugged" in p for p in causes)  # "I asked the rangers …" is no statement to stand in front


def test_round_13_a_claim_says_of_what_and_a_question_reads_whole():
    """Blind teachers, round 13: "what is the central point?" (of what?); "… writes that but the point
    is not …" (the opening "But" kept); "reversing that" (what "that" is stands elsewhere); a cause
    quoted after "The third reason is practical." (an announcement does not name "they")."""
    made = generate(("claim", "cause"))
    prompts = {g.item.prompt: g.item for g in made}
    assert not any("central point" in p or "that but" in p or "eversing that" in p for p in prompts), list(prompts)
    pruned = prompts.get("Marlowe writes that a pruned tree is not a weaker tree. What is it, according to Marlowe?")
    assert pruned is not None and pruned.answer == "a tree that fruits for longer", list(prompts)
    assert not any("The third reason is practical" in p for p in prompts)


def test_a_point_given_as_an_instruction_is_a_proposal_like_one_with_should():
    from bot.quiz.generation.lists import proposing
    assert proposing("Make conversion readiness a condition of permits for new office buildings")
    assert proposing("Limit what goes home to reading and optional revision")
    assert proposing("The county should stop spraying the orchards that border streams")
    assert not proposing("Cities have already paid once for assuming that office demand would last forever")
    assert not proposing("Some beaches carry a great deal of economic weight")


def test_a_cause_whose_claim_points_back_with_it_is_not_asked():
    from bot.quiz.generation.causes import _POINTS_BACK
    assert _POINTS_BACK.search("the students in it are there")
    assert _POINTS_BACK.search("nobody has asked for them in years")
    assert not _POINTS_BACK.search("the students are there")


def test_a_bare_heading_is_offered_with_the_sentence_that_says_what_it_is():
    from types import SimpleNamespace

    from bot.quiz.generation.lists import _with_gloss
    sentences = {(13, 0): "First, split the release.", (13, 1): "Hold back part of the slots until the evening before."}
    facts = SimpleNamespace(amap=SimpleNamespace(get=lambda p, i: (p, i) if (p, i) in sentences else None),
                            sentence_text=lambda key: sentences[key])
    item = SimpleNamespace(paragraph=13, index=0)
    assert _with_gloss(facts, item, "split the release") == \
        "split the release: Hold back part of the slots until the evening before"
    long_point = "the county should stop spraying the orchards that border streams"
    assert _with_gloss(facts, item, long_point) == long_point


def test_a_view_the_essay_sets_out_to_answer_is_not_the_authors_to_attribute():
    from bot.quiz.generation.authors import reported
    assert reported("The national security establishment, liberals included, has a straightforward answer: the "
                    "U.S. security state should intervene through its classic toolkit.")
    assert reported("Developers and many planners argue that the market should decide.")
    assert not reported("A university that has to earn its audience will teach better than one that conscripts it.")
