"""The objection an author ranks, essays named by their subject, and a text that stops, on essays
made up for these tests (nothing here is about the seed essays). Each case is a class a blind set
(FINAL-39) showed, not its example:

- "the strongest objection" is the one the author ranks so ("The strongest is that …", "it is the
  strongest point against my case" looking back at the objection its paragraph states), however
  the question puts it ("which objection … is the strongest");
- an essay is named by its subject as a label ("tool libraries: …"), by its id typed with spaces
  ("in tool libraries"), and by the longest run of subject words before "essay" ("the island
  ferries essay"); "more in the text" names no essay;
- a question that says the text stops ("is that the whole article?", "he says 'for starters' but i
  can only find one") is told the essay ends there, with no earlier answer needed.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 7901, 99, 100

TOOL_LIBRARIES = """---
title: "Lend the Drill: Why Every Town Needs a Tool Library"
short_title: "Lend the Drill"
author: "Anneke van Dijk"
published: 2022-04-04
source: "The Workshop Review"
---

# Lend the Drill

Every town should run a public tool library, lending drills, ladders and saws the way a book library lends novels. A drill is used for thirteen minutes in its whole life; owning one is a waste.

Now the objections, which deserve a hearing.

The first is cost. A tool library needs a building, staff and repairs, and a small town may not be able to pay for them. But the shelves and the staff can be shared with the book library, and the repairs are cheaper than people think.

A second objection, which council lawyers press hardest, is that lending power tools exposes the town to claims when a borrower is injured. This is true, and it is the strongest point against my case. The answer is training: no borrower takes a saw home before a half-hour lesson, and the lesson is what insurers ask for.

A third objection is that hardware shops will lose sales. Some will, but a borrower who learns to use a drill often buys one later.

The safety objection deserves one more word. A tool borrowed with a lesson is safer than a tool bought without one.
"""

ISLAND_FERRIES = """---
title: "Keep the Island Ferries Sailing"
short_title: "Keep the Island Ferries Sailing"
author: "Tobias Wren"
published: 2021-08-08
source: "The Quay"
---

# Keep the Island Ferries Sailing

The island ferries should run every twenty minutes from six in the morning until midnight, every day of the year. A ferry every hour is a ferry nobody plans a day around.

Frequent ferries cost more to run, but they fill up: when the crossing to Elm Point went from hourly to every twenty minutes, riders tripled within a year. Critics object to the fuel bill: a boat that sails three times an hour burns three times the diesel.

Such a plan will face obstacles, however. For starters, the ferry unions have never agreed to split shifts, and a twenty-minute timetable needs them.
"""

core, ask = upload_fixtures({"tool-libraries.md": TOOL_LIBRARIES, "island-ferries.md": ISLAND_FERRIES},
                            guild=G, moderator=MOD, learner=LEARNER)


def _first_quote(answer: str) -> str:
    return answer[answer.index("> “"):]


async def test_the_strongest_objection_is_the_one_the_author_ranks(ask):
    a = await ask("what does van dijk herself say is the strongest objection to her case")
    assert _first_quote(a.answer).startswith("> “A second objection, which council lawyers press hardest")


async def test_which_objection_is_strongest_asked_another_way(ask):
    a = await ask("which objection the author herself say is the strongest against her idea")
    assert "Lend the Drill" in a.answer
    assert "A second objection, which council lawyers press hardest" in a.answer
    assert "don't cover that" not in a.answer


async def test_an_essay_named_by_a_label(ask):
    a = await ask("tool libraries: whats the strongest objection")
    assert "Lend the Drill" in a.answer and "Island Ferries" not in a.answer
    assert "A second objection, which council lawyers press hardest" in a.answer


async def test_the_safety_objection_of_a_named_essay_gets_its_answer(ask):
    a = await ask("the safety objection in tool libraries, what is her answer")
    assert "Lend the Drill" in a.answer
    assert "A tool borrowed with a lesson is safer" in a.answer or "The answer is training" in a.answer


async def test_a_question_saying_the_text_stops_is_told_it_ends_there(ask):
    a = await ask("the island ferries essay stops after 'for starters'. is that the whole article?")
    assert a.answer.startswith("That is all there is: ¶3 is the last paragraph of Wren's essay")


async def test_unnamed_the_essay_whose_last_paragraph_holds_the_quoted_words(ask):
    a = await ask("he says 'for starters' about the obstacles but i can only find one?? are there more in the text")
    assert a.answer.startswith("That is all there is: ¶3 is the last paragraph of Wren's essay")


async def test_the_last_paragraph_is_never_paragraph_minus_one_and_its_words_say_whose(ask):
    a = await ask("what does the last paragraph say")
    assert "¶-1" not in a.answer
    b = await ask("the last paragraph with the split shifts, is the author worried?")
    assert "Keep the Island Ferries Sailing" in b.answer
    assert "the ferry unions have never agreed to split shifts" in b.answer


async def test_the_essay_is_chosen_by_what_is_asked_before_the_ranking_counts(ask):
    # (the ferries essay ranks none of its objections; the tool library essay's ranking must not
    # pull the question to it)
    a = await ask("which objection to more frequent ferry sailings is the strongest")
    assert "Keep the Island Ferries Sailing" in a.answer and "Lend the Drill" not in a.answer
    assert "Critics object to the fuel bill" in a.answer


def test_what_counts_as_the_author_ranking_an_objection():
    from bot.tutor.handlers.roles import _RANKED

    assert _RANKED.search("The second objection is practical and, to my mind, the strongest.")
    assert _RANKED.search("This is true, and it is the strongest point against my case.")
    assert _RANKED.search("A third objection, which engineers press hardest, is that storage fails.")
    assert not _RANKED.search("Now to the objections, which should be stated in their strongest form.")


async def test_an_essay_is_named_by_a_label_and_by_its_subject_words(core):
    scope = await core.tutor.scopes.get(core.library.essays_for(G))
    slug = next(e.slug for e in scope.essays if e.title.startswith("Lend the Drill"))

    def named(text: str) -> list[tuple[str, str]]:
        return [(m.slug, text[m.start:m.end]) for m in scope.names.find(text)]

    assert (slug, "tool libraries") in named("tool libraries: whats the strongest objection")
    island = next(e.slug for e in scope.essays if e.title.startswith("Keep the Island"))
    assert (island, "the island ferries essay") in named("the island ferries essay stops after 'for starters'")
    assert named("are there more in the text") == []


def test_an_essay_id_of_two_words_typed_with_spaces_names_it():
    from bot.corpus.essay import parse_essay
    from bot.tutor.scope import EssayNames

    essay = parse_essay(ISLAND_FERRIES, slug="night-transit", name="night-transit.md")
    names = EssayNames([essay])
    found = names.find("the safety objection in night transit, whats her answer")
    assert [(m.slug, m.how) for m in found] == [("night-transit", "slug")]
    assert names.find("night transit is what she argues for") == []  # no frame: the words are a topic
