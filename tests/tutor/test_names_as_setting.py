"""Names the asker brings from their own life, and names as the essays write them, on essays made
up for these tests (nothing here is about the seed essays). Each case is a class a blind set
(FINAL-39) showed, not its example:

- a country or city from the asker's own life that one essay names in passing does not pull the
  question to that essay, when what is asked (floods, walls, night buses) is another essay's; the
  name is said to be missing from the essay that answers, and never "mentioned together";
- a capitalised word of a name the essays do not write ("São Paulo") is no misspelt name the
  essays do write ("Paul");
- an author's surname keeps its particles ("de la Cruz"), in capitals at the start of a sentence;
- a reading of several claims is not "stronger" than the essay for a word of strength the essay
  uses about the same thing in the same paragraph ("free to everyone" for "free for everybody");
- a figure asked about a name the essays write in capitals ("the night tube") is looked for where
  that name is, however it was typed.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.corpus.authors import author_names

G, MOD, LEARNER = 7801, 97, 98

FLOOD_FIELDS = """---
title: "Give the River Its Fields: Why Towns Should Rent Floodplain from Farmers"
short_title: "Give the River Its Fields"
author: "Lucía de la Cruz"
published: 2022-06-01
source: "The Lowland Review"
---

# Give the River Its Fields

Towns on the lower River Wend should stop raising their flood walls and start paying upstream farmers to let their fields flood in wet winters. A field that holds water for two days does more for the town below than another metre of concrete.

Walls fail in a particular way. A wall holds until the water is higher than the wall, and then it fails all at once, so the whole street floods in minutes rather than over hours. When the wall at Carrow was overtopped in 2015, water stood a metre deep in the lower town before the sirens sounded.

Upstream storage works differently. Fields that flood slow the water down, so the flood peak reaches the town later and lower. The modelling for the Wend suggested that storage on 900 hectares would cut the peak at Carrow by about a sixth and delay it by three hours.

The strongest objection is that farmers lose a harvest when their fields flood. This is true, and it is why the payment must be a yearly rent, paid whether or not the river rises, and set high enough that a wet year costs the farmer nothing.

The fields themselves were surveyed by a hydrologist, Dr Imani Osei, who walked every drain on the Wend before the modelling began.

A town that pays for fields instead of walls buys time, and time is what lets people move their cars and their medicines upstairs before the water comes.
"""

EMPIRE_TRADE = """---
title: "Trade Without Tribute: The Case Against Client States"
short_title: "Trade Without Tribute"
author: "Paul Ashby"
published: 2021-02-10
source: "The Meridian Review"
---

# Trade Without Tribute

For decades the great powers have treated smaller economies as clients, from Brazil to Indonesia, lending to them on terms that keep them dependent. A fairer trade order would end that habit.

The pandemic showed the cost of dependence: when COVID closed the ports, client economies could not buy the medicines they needed, because their reserves were pledged to foreign lenders.

The remedy is a trade order in which loans are forgiven when they become unpayable, and in which no lender can demand a say over a borrower's budget.
"""

NIGHT_TUBE = """---
title: "Run the Trains All Night: The Case for a Seven-Night Metro"
short_title: "Run the Trains All Night"
author: "Imogen Hale"
published: 2023-05-05
source: "The City Ledger"
---

# Run the Trains All Night

London's Night Tube runs only on Fridays and Saturdays, and the workers who most need it, cleaners and porters on weekday shifts, get nothing from it. The metro should run all night, every night and not only at weekends, because the workers it fails are the ones who keep the city running.

The cost of running nothing falls on the workers: a cleaner who misses the last train pays about £30 a night for a taxi home, several thousand pounds a year.

A 2022 analysis by ProPublica of late-night fares in Chicago found that night riders paid twice as much per trip as day riders.

The museums along the river do well from the weekend crowds, and the free museums are free to everyone, but the workers who clean them after closing cannot get home.
"""

MUSEUM_LEVY = """---
title: "Free at the Door: Paying for Museums with a Hotel Levy"
short_title: "Free at the Door"
author: "Clara Winslow"
published: 2024-01-15
source: "The Civic Quarterly"
---

# Free at the Door

Public museums should stop charging for admission. The door should be free to everyone. The money should come instead from a small levy on hotel stays in the museum's city, which tourists pay with the rest of the bill.

Local people pay no levy, because they do not stay in hotels in their own city. A tourist pays two euros a night, less than a single ticket.

The levy is fair because the people who pay it are the people who come to see the collections.
"""

core, ask = upload_fixtures({"de-la-cruz-floods.md": FLOOD_FIELDS, "ashby-trade.md": EMPIRE_TRADE,
                             "hale-night-tube.md": NIGHT_TUBE, "winslow-museums.md": MUSEUM_LEVY},
                            guild=G, moderator=MOD, learner=LEARNER)


async def test_a_country_from_the_askers_life_does_not_pull_the_question_to_the_essay_naming_it(ask):
    a = await ask("in Brazil we had a huge flood last year, the wall in my town was overtopped and the "
                  "water came anyway. the author idea can work in a place like that?")
    assert "Give the River Its Fields" in a.answer
    assert "Trade Without Tribute" not in a.answer
    assert "never mentions Brazil" in a.answer


async def test_an_aside_from_the_askers_life_keeps_the_conversation_on_its_essay(ask):
    await ask("what happens when a flood wall fails, in the river fields essay?")
    b = await ask("and the medicines upstairs part, this is why time matters? i was working in a covid ward "
                  "in Brazil so i understand this")
    assert "Give the River Its Fields" in b.answer
    assert "Trade Without Tribute" not in b.answer
    assert "together" not in b.answer


async def test_a_word_of_a_name_the_essays_do_not_write_is_not_corrected_to_one_they_do(ask):
    a = await ask("in São Paulo the metro closes at midnight and night workers take many buses. does the "
                  "author say something about cities like that?")
    assert "São Paul " not in a.answer and "São Paul." not in a.answer
    assert "searched for" not in a.answer


def test_a_surname_keeps_its_particles():
    assert author_names("Lucía de la Cruz")[0].surname == "de la Cruz"
    assert author_names("Ludwig van Beethoven")[0].surname == "van Beethoven"
    assert author_names("Van Morrison")[0].surname == "Morrison"  # a given name, not a particle
    assert author_names("Stephen M. Walt")[0].surname == "Walt"


async def test_a_surname_with_particles_is_written_whole_and_starts_a_sentence_in_capitals(ask):
    a = await ask("does de la cruz mention wind turbines?")
    assert "Cruz's essay" in a.answer
    assert " Cruz's essay" not in a.answer.replace("de la Cruz's essay", "").replace("De la Cruz's essay", "")
    assert "De la Cruz's essay" in a.answer or "de la Cruz" in a.answer


async def test_a_word_of_strength_used_in_the_same_paragraph_is_not_an_overstatement(ask):
    a = await ask("so museum become free for everybody, and tourist pay small levy in hotel, and local "
                  "people pay nothing. is it correct?")
    assert "not as strongly" not in a.answer
    assert "Free at the Door" in a.answer


async def test_a_figure_asked_about_a_name_typed_in_lower_case_is_looked_for_where_the_name_is(ask):
    a = await ask("how much does the night tube cost to run per year")
    assert a.answer.startswith("Hale gives no sum of money for that")


async def test_a_learners_defend_that_states_a_claim_not_a_stance(ask):
    a = await ask("hi, im reading the night tube essay on the bus after my shift. so the author defend that the "
                  "metro must run all night every night, not only weekend, is correct?")
    assert "says otherwise" not in a.answer and not a.answer.startswith("No")


async def test_two_things_asked_about_alike_are_no_link(ask):
    a = await ask("What about the town of Carrow and Dr Osei? Are they real?")
    assert "together" not in a.answer


async def test_two_names_typed_side_by_side_that_the_essay_writes_apart(ask):
    a = await ask("ProPublica Chicago 2022, 'twice as much' - whose number is that?")
    assert "never mention" not in a.answer
    assert "ProPublica" in a.answer
