"""Generation rules on essays made up here (nothing may depend on the seed essays), with fake
encoders: which sentences, which blanks, which distractors, which accepted forms, and every item
kind built from an essay's structure (issue 20)."""

from __future__ import annotations

from quiz_support import FakeEncoder
from topic_encoder import TopicEncoder

from bot.corpus.essay import parse_essay
from bot.quiz.generation import ItemGenerator, Term
from bot.quiz.generation.cloze import Candidate, keywords, select_sentences, trivial
from bot.quiz.generation.terms import near_synonyms, reveals_answer, shape

BODY = """\
The historian Jane Okafor has argued that the Harbor Compact of 1962 reshaped coastal trade for good.

Okafor notes that the Harbor Compact bound six ports to one tariff schedule and one inspection regime.

Critics such as Tomas Reyes warned that port federalism would weaken local councils in every member city.

Port federalism, Reyes said, treats each harbor as a node of a network rather than as a sovereign town.

The compact lasted until 1988, when the Northern League of Cities replaced it with a looser arrangement.

Trade grew by 40% in the first decade, as Okafor shows, while local councils lost most of their budgets.

In Lisbon, Porto, Vigo, Bilbao and Brest, councils protested the inspection regime in the summer of 1970.

Supporters of the Harbor Compact and Tomas Reyes met twice at the port of Vigo to settle the dispute.
"""

# A third essay with the structure the new kinds read: cited people with roles, a definition, an
# announced enumeration taken up again later, a claim with its reason, an organisation, a list of
# names with the noun that says what they are. Made up; no seed essay is involved.
LIGHTHOUSES = """---
title: "Keepers of the Coast"
author: "Mara Quill"
published: 2020
---

Coastal towns once depended on keepers who tended the lights through every storm of the winter.

The maritime historian Edwin Farrow has called the nineteenth century the “age of vigilance” for these towns.

Leftover customs, what I call “lamplore,” or the body of rules keepers passed on by word of mouth, outlived the keepers themselves.

Guarding the lamp, trimming the wick, and logging the weather were the daily duties of every keeper on the coast.

I focus on those three duties because they show how much skill the work demanded of ordinary people.

The Lighthouse Board closed most stations after automation arrived, and many towns lost their oldest profession.

As Ruth Calloway noted in a study of harbour records, automation cut shipwrecks but emptied the villages.

Towns such as Dunmore, Kilbride, Ardmore, and Ballyvane kept their towers as museums, to name just a few coastal towns.

Mechanization, defined as replacing the keeper's routine with clockwork and electric lamps, changed the coast within a generation.

Ordinary fishermen trusted the keepers because the keepers had saved their boats many times in bad weather.

The journalist Ida Brennan has described the keepers as the quiet civil servants of the sea.

Farrow, Calloway and Brennan, each in their way, wrote about a profession the coast has forgotten.

The poet Tess Harlow has written that a lit tower is a promise kept to strangers.
"""

SHIPYARDS = """---
title: "Steel and Salt"
author: "Omar Vance"
published: 2019
---

Shipyards built the modern port economy by turning iron into hulls faster than any rival trade.

The welders' unions won higher wages after the great strike closed every dock on the river.

Container shipping later made the old shipyards obsolete and scattered their skilled workforce.

Engineers redesigned the cranes so that a single operator could unload a freighter in one shift.
"""


def essay(title: str = "Ports and Power", body: str = BODY, slug: str = "ports"):
    return parse_essay(f"---\ntitle: {title}\nauthor: A. Writer\n---\n\n{body}", slug=slug, name="ports.md")


def generator(*essays, encoder=None, **options):
    options.setdefault("meaning_max", 1.0)  # the bag-of-words encoder cannot measure meaning
    return ItemGenerator(list(essays) or [essay()], (encoder or FakeEncoder()).encode, **options)


def lighthouses():
    return parse_essay(LIGHTHOUSES, slug="keepers", name="keepers.md")


def shipyards():
    return parse_essay(SHIPYARDS, slug="steel", name="steel.md")


HARBOURS = """---
title: "Small Ports"
author: "Ada Penrose"
published: 2021
---

Every harbour council along the coast should reserve quay moorings for fishermen and boats before selling berths to pleasure craft.

River docks that welcome tourists yet ignore salt, tides and storm damage will not survive another generation.

Coastal budgets must pay for dredging, since sea trade and fishermen need deep water in every season.

Small boats, not cruise ships, keep a harbour alive through the winter on this coast.
"""


def harbours():
    return parse_essay(HARBOURS, slug="harbours", name="harbours.md")


def by_kind(report, kind):
    return [g for g in report.generated if g.kind == kind]


# -- cloze ----------------------------------------------------------------------------------------

def test_person_test_and_surname_accepted_for_cited_people_only():
    gen = generator()
    facts = gen.facts["ports"]
    assert facts.is_person("Jane Okafor") and facts.is_person("Tomas Reyes")
    assert not facts.is_person("Harbor Compact") and not facts.is_person("Northern League")
    who = by_kind(gen.generate(), "who")
    okafor = [g.item for g in who if g.item.answer == "Jane Okafor"]
    assert okafor and all(i.accepted == ["Okafor"] for i in okafor if i.kind == "short_answer")
    assert not [g for g in who if g.item.answer == "Harbor Compact" and g.item.accepted]


def test_no_blank_on_title_words_lemmas_pairings_lists_names_or_years():
    ports = essay(title="Port Federalism and the Harbor Compact")
    report = generator(ports).generate()
    blanks = [g.item for g in report.generated if g.kind in ("cloze", "choice")]
    answers = [i.answer.lower() for i in blanks]
    assert not any("federalism" in a or "harbor" in a or "compact" in a for a in answers)  # title words
    assert not set(answers) & {"lisbon", "porto", "vigo", "bilbao", "brest", "tomas reyes", "jane okafor"}
    assert not any(a.isdigit() or a.endswith("%") for a in answers)  # general knowledge or rote figures
    roots = [i.answer.lower().rstrip("s") for i in blanks if i.kind == "cloze"]
    assert len(roots) == len(set(roots))  # one item per lemma


def test_trivial_pairing_repeated_in_the_essay_is_not_blanked():
    gen = generator()
    text = BODY.splitlines()[4]
    start = text.index("federalism")
    assert trivial(gen.facts["ports"], text, Term("federalism", "term", start, start + len("federalism")))  # "port ___" twice


def test_distractors_match_the_answer_form_and_are_not_synonyms():
    assert shape("councils") == shape("networks") != shape("council")
    assert shape("authoritarianism") != shape("anti-authoritarian")
    assert shape("self-understanding") != shape("incipient")  # a noun in -ing is not an adjective
    assert shape("1962") != shape("forty")
    assert shape("Jane Okafor")[0] == "name" and shape("okafor")[0] == "word"
    assert near_synonyms("Pax Americana", "American Century") and near_synonyms("anti-colonial", "anti-imperial")
    for g in generator().generate().generated:
        if g.kind == "choice":
            assert len({shape(c) for c in g.item.choices}) == 1, g.item.choices


def test_an_opposite_in_the_prompt_gives_the_answer_away():
    """Issue 20: "a multipolar order is preferable to ____" gave "unipolarity" away."""
    assert reveals_answer("Most critics accept that a multipolar order is preferable to _____.", ["unipolarity"])
    assert not reveals_answer("Rather than stability, power encouraged illiberal _____.", ["authoritarianism"])


def test_sentences_are_chosen_by_importance_and_selection_is_swappable():
    ports = essay()
    ranked = select_sentences(ports, FakeEncoder().encode)
    assert [c.centrality for c in ranked] == sorted((c.centrality for c in ranked), reverse=True)
    assert len(ranked) < len(ports.paragraphs)  # only the more important share of the sentences

    keepers = lighthouses()
    sentence = keepers.paragraph(3).text

    def only_lamplore(e, encode):
        return [Candidate(e, 3, sentence, 1.0)]

    report = generator(keepers, select=only_lamplore, kinds=("cloze", "choice")).generate()
    assert report.items and {i.paragraph for i in report.items} == {3}


def test_common_english_words_are_not_blanked_but_the_essays_own_vocabulary_is():
    """"version" and "account" (common in any English text) made blanks nobody could answer from the
    essay; a recurring rarer noun ("ferrymen") is the essay's own vocabulary and stays askable."""
    body = (
        "The official version of the compact praised the ferrymen who carried the grain.\n\n"
        "A committed version of this history credits the ferrymen with the tariff reform.\n\n"
        "Every account of the strike says the harbors stayed open.\n\n"
        "An account of the decade returns to the guild and its ledgers.\n\n"
        "Grain prices fell in the second year of the strike.\n\n"
        "Tariffs rose again once the guild lost its charter.\n"
    )
    gen = generator(essay(title="Harbors", body=body))
    found = {t.text for s in body.split("\n\n") for t in keywords(gen.facts["ports"], s, [])}
    assert "ferrymen" in found
    assert not found & {"version", "account"}


class MeaningEncoder(FakeEncoder):
    """A bag of words that gives no weight to the words in `empty`: masking one of them leaves a
    sentence's vector where it was, as all-MiniLM does for filler nouns any synonym fits."""

    def __init__(self, empty: set[str]):
        super().__init__()
        self.empty = empty | {"something", "things"}

    def encode(self, texts):
        return super().encode([" ".join(w for w in t.split() if w.lower().strip(",.") not in self.empty) or t
                               for t in texts])


def test_a_blank_must_carry_the_sentences_meaning():
    """Issue 20: "essential to the ____ of social change" (achievement; "pursuit" refused). A term
    whose removal leaves the sentence's meaning where it was is no blank."""
    body = ("Organisers saw mutualism as essential to the achievement of lasting cooperation on the docks.\n\n"
            "The achievement of the dockers was a wage scale that outlasted mutualism itself by decades.\n\n"
            "Mutualism spread along the river as every dock copied the first cooperative hiring hall.\n\n"
            "Later mutualism lost ground when the river trade moved downstream to the deeper harbour.\n")
    docks = essay(title="Docks", body=body, slug="docks")
    filler = ItemGenerator([docks], MeaningEncoder({"achievement"}).encode, kinds=("cloze",),
                           typed_open_blanks=True).generate()
    assert "achievement" not in {i.answer for i in filler.items}
    meaningful = ItemGenerator([docks], MeaningEncoder(set()).encode, kinds=("cloze",), meaning_max=0.99,
                               typed_open_blanks=True).generate()
    assert "achievement" in {i.answer for i in meaningful.items}


# -- the new kinds, on a third essay ----------------------------------------------------------------

def test_who_items_mask_a_cited_person_by_role_and_offer_people_of_the_same_essay():
    report = generator(lighthouses()).generate()
    who = {g.item.answer: g.item for g in by_kind(report, "who") if g.item.kind == "short_answer"}
    assert {"Edwin Farrow", "Ruth Calloway", "Ida Brennan"} <= set(who)
    # a source the essay names only once is not asked about: "name recall of a minor source"
    assert "Tess Harlow" not in who
    farrow = who["Edwin Farrow"]
    assert "“A maritime historian has called" in farrow.prompt and farrow.prompt.endswith("Who is this historian?")
    assert "Farrow" not in farrow.prompt and farrow.accepted == ["Farrow"]
    assert "As someone noted in a study of harbour records" in who["Ruth Calloway"].prompt
    people = {"Edwin Farrow", "Ruth Calloway", "Ida Brennan", "Tess Harlow"}
    for g in by_kind(report, "who"):
        if g.item.kind == "multiple_choice" and g.item.answer in people:
            assert set(g.item.choices) <= people  # people of this essay only, never a place or a board


def test_list_item_names_the_announced_noun_and_accepts_every_item():
    report = generator(lighthouses()).generate()
    lists = {g.item.answer: g.item for g in by_kind(report, "list")}
    duties = lists["Guarding the lamp"]
    assert "I focus on those three duties" in duties.prompt and duties.prompt.endswith("Name one of the three duties.")
    assert set(duties.accepted) >= {"trimming the wick", "logging the weather"}
    towns = lists["Dunmore"]
    assert towns.prompt.endswith("Name one of the coastal towns Quill lists there.")
    assert "Kilbride" not in towns.prompt and set(towns.accepted) == {"Kilbride", "Ardmore", "Ballyvane"}


def test_cause_items_ask_why_with_the_reason_as_answer():
    report = generator(lighthouses()).generate()
    causes = {g.item.prompt: g.item for g in by_kind(report, "cause") if g.item.kind == "short_answer"}
    # "Why does Quill focus on those three duties?" leaves the duties unnamed (blind teachers, round
    # 22: "needs editing to supply context"); the list item asks for them instead
    assert not any("those three duties" in p for p in causes), sorted(causes)
    fishermen = causes["Quill writes that ordinary fishermen trusted the keepers. Why, according to Quill?"]
    assert fishermen.answer == "the keepers had saved their boats many times in bad weather"
    assert fishermen.reference  # graded by meaning too


def test_term_items_show_the_definition_and_ask_for_the_term():
    report = generator(lighthouses()).generate()
    terms = {g.item.answer: g.item for g in by_kind(report, "term") if g.item.kind == "short_answer"}
    assert terms["lamplore"].prompt == \
        "What does Quill call “the body of rules keepers passed on by word of mouth”?"
    # "Mechanization" is an everyday English word (151,743 in symspellpy's counts): a student names it
    # from the definition without the essay, so it is not asked (blind teachers: "exceptionalism",
    # "primacy" kept 3 times of 24, "creedalism" 18 of 18)
    assert "Mechanization" not in terms


def test_a_coined_term_defined_as_gets_a_term_item_and_a_common_word_does_not():
    body = ("Clockwork keeping, defined as replacing the keeper's routine with timers and electric lamps, changed the "
            "coast within a generation.\n\n"
            "Automation, defined as replacing people with machines in every harbour, came later still.\n")
    report = generator(essay(title="Lamps", body=body, slug="lamps"), kinds=("term",)).generate()
    prompts = {g.item.answer: g.item.prompt for g in report.generated if g.item.kind == "short_answer"}
    assert prompts.get("Clockwork keeping", "").startswith("Which term does Writer define as “replacing the keeper's"), prompts
    assert "Automation" not in prompts, prompts


def test_a_term_defined_with_meaning_gets_a_term_item():
    """"I call this idea “civic hours”, meaning …", "what might be called a latent residential
    entitlement, meaning the right to …": the commonest form an upload used went unasked."""
    body = ('I call this idea "civic hours", meaning public rooms kept open when people are free rather than '
            "when offices are.\n\nThe city should also grant what might be called a standing night licence, "
            "meaning the right to open late without a new hearing each year.\n")
    report = generator(essay(title="Rooms", body=body, slug="rooms"), kinds=("term",)).generate()
    answers = {g.item.answer: g.item.prompt for g in report.generated if g.item.kind == "short_answer"}
    assert "public rooms kept open when people are free" in answers.get("civic hours", ""), answers
    assert "the right to open late without a new hearing" in answers.get("standing night licence", ""), answers


def test_a_definition_with_an_aside_or_a_long_list_after_its_colon_gets_a_term_item():
    """An unseen essay's two defined terms went unasked: 'By "wet rent" I mean an annual payment …:
    for letting banks be breached, …' (too long whole) and 'By "hard-edge thinking" I mean the
    habit, deeply rooted in …, of treating a river as a pipe …' (an aside in commas)."""
    body = ('By "quay rent" I mean an annual payment made to whoever owns a stretch of quay in return for letting '
            "ferries tie up there overnight: for letting ropes be thrown, gangways be laid, bollards be used, and "
            "passengers be landed at every hour of the night, in any weather, at any season, without further "
            "notice, and whatever the tide. Quay rent is cheap.\n\n"
            'By "timetable drift" I mean the habit, deeply rooted in harbour boards since the war, of cutting one '
            "sailing a year until nobody can plan a day around the ferry.\n")
    report = generator(essay(title="Quays", body=body, slug="quays"), kinds=("term",)).generate()
    answers = {g.item.answer: g.item.prompt for g in report.generated if g.item.kind == "short_answer"}
    assert answers.get("quay rent", "").endswith(
        "“an annual payment made to whoever owns a stretch of quay in return for letting ferries tie up there "
        "overnight”?"), answers
    assert "“the habit of cutting one sailing a year until nobody can plan a day around the ferry”" in \
        answers.get("timetable drift", ""), answers


def test_a_definition_with_a_list_in_it_is_quoted_whole():
    """A blind teacher: "What does Whitcombe call 'a building whose structure'?" (cut off mid-phrase)."""
    body = ('By "harbour-ready," I mean a pier whose deck, pilings, and cranes can be adapted to ferries without '
            "rebuilding the quay. Harbour-ready piers cost little more to build.\n\n"
            "Councils should require harbour-ready piers in every new port.\n")
    report = generator(essay(title="Piers", body=body, slug="piers"), kinds=("term",)).generate()
    prompts = [g.item.prompt for g in report.generated if g.kind == "term" and g.item.kind == "short_answer"]
    assert prompts and all("deck, pilings, and cranes can be adapted to ferries" in p for p in prompts), prompts


def test_which_author_items_need_three_authors_to_choose_from():
    """Between two authors the item is a coin toss: blind teachers kept 4 of 29 such items in rounds
    17-18 ("a 50/50 attribution"). With a third essay on the subject, the choices are the three."""
    alone = generator(lighthouses(), encoder=TopicEncoder()).generate()
    assert not by_kind(alone, "author")
    two = generator(lighthouses(), shipyards(), encoder=TopicEncoder()).generate()
    assert not by_kind(two, "author")
    three = generator(lighthouses(), shipyards(), harbours(), encoder=TopicEncoder()).generate()
    authors = by_kind(three, "author")
    assert authors
    writers = {"keepers": "Mara Quill", "steel": "Omar Vance", "harbours": "Ada Penrose"}
    for g in authors:
        assert sorted(g.item.choices) == ["Ada Penrose", "Mara Quill", "Omar Vance"]
        assert g.item.prompt.startswith("Which author argues this:")
        assert g.item.answer == writers[g.item.essay]


FURNACES = """---
title: "Fire in the Valley"
author: "Lena Brandt"
published: 2021
---

Steel mills once filled the valley with furnaces that burned coke day and night for a century.

The furnace crews earned more than any other trade because smelting demanded skill and nerve.

Electric arc furnaces later melted scrap metal and made the old blast furnaces obsolete within a decade.

The valley's mills closed one by one, and the furnace crews scattered to the cities of the plain.
"""


def test_which_author_only_where_the_topic_does_not_give_the_author_away():
    """A teacher: "which author argues this" is trivial when only one essay is about the
    sentence's subject (only one essay is about water). The furnace essay shares no topic with the
    two sea essays: none of its sentences is asked, and no sea item offers its author."""
    fire = parse_essay(FURNACES, slug="fire", name="fire.md")
    report = generator(lighthouses(), shipyards(), harbours(), fire, encoder=TopicEncoder()).generate()
    authors = by_kind(report, "author")
    assert authors and not [g for g in authors if g.item.essay == "fire"]
    assert all("Lena Brandt" not in g.item.choices for g in authors)


def test_which_author_never_quotes_a_sentence_holding_its_own_essays_title_words():
    """A teacher: the quote holds "left internationalism", the title of Rana's essay, so the author
    item answers itself. "Keepers of the Coast": a sentence with "keepers" the shipyard essay
    never uses is not asked as "which author argues this"."""
    from bot.quiz.generation.authors import title_words_in

    title = "Left Internationalism in the Heart of Empire"
    assert title_words_in("Left internationalists must build power at home, not abroad.", title) == {
        "internationalism", "left internationalism"}  # any form of the title's words and phrases
    assert title_words_in("The security state grew without limit.", title) == set()
    report = generator(lighthouses(), shipyards(), harbours(), encoder=TopicEncoder()).generate()
    authors = [g for g in by_kind(report, "author") if g.item.essay == "keepers"]
    assert not [g for g in authors if "keeper" in g.item.prompt.lower()], [g.item.prompt for g in authors]


def test_distractors_never_come_from_another_essay():
    """Issue 20: Walt items offered Tooze, Afinogenov and Shulman from Rana's essay."""
    keepers, steel = lighthouses(), shipyards()
    report = generator(keepers, steel).generate()
    texts = {e.slug: " ".join(p.text for p in e.paragraphs).lower() for e in (keepers, steel)}
    for g in report.generated:
        if g.item.kind == "multiple_choice" and g.kind != "author":
            for choice in g.item.choices:
                assert choice.lower() in texts[g.item.essay], (g.kind, choice)


def test_seeded_samples_differ_by_seed_repeat_for_a_seed_and_mix_kinds():
    gen = generator(lighthouses(), shipyards())
    first = [i.id for i in gen.generate(seed=1, count=8).items]
    again = [i.id for i in gen.generate(seed=1, count=8).items]
    other = [i.id for i in gen.generate(seed=2, count=8).items]
    assert first == again and first != other
    sample = gen.generate(seed=1, count=8).generated
    assert len({g.kind for g in sample}) >= 3
    assert len({g.source for g in sample}) == len(sample)  # never two items on one sentence


def test_difficulty_comes_from_the_signal():
    from bot.quiz.generation import difficulty

    report = generator(lighthouses(), shipyards()).generate()
    for g in report.generated:
        assert g.item.difficulty == difficulty.label(g.signal)
    assert difficulty.label(difficulty.signal(paragraphs=5, prompt="a b c", passage="a b c", closeness=0.1)) == "easy"
    assert difficulty.label(difficulty.signal(paragraphs=1, prompt="x", passage="harbour keepers lamps",
                                              closeness=None)) == "hard"


def test_review_shows_kind_choices_answer_accepted_difficulty_and_passage():
    from bot.quiz.generation.review import render_markdown

    keepers = lighthouses()
    report = generator(keepers).generate(seed=3, count=5)
    text = render_markdown(report.generated, {"keepers": keepers}, seed=3, pool=report.pool)
    assert text.startswith("# Generated quiz items: seed 3")
    for g in report.generated:
        assert g.item.prompt in text and f"> {g.passage}" in text
        assert f"· {g.item.difficulty} (signal {g.signal:.2f})" in text
    assert "Mara Quill, *Keepers of the Coast*" in text
    # a typed item graded by meaning says so: teachers read "Answer: <the essay's clause>" as the
    # only answer accepted (round 8)
    graded = [g for g in report.generated if g.item.kind == "short_answer" and g.item.reference]
    assert text.count("**Graded by meaning:**") == len(graded)



def test_role_replaces_the_name_without_touching_the_words_before_it():
    """"entered what political theorist Ann Vole has called" once became "entered wa hat political
    theorist has called": the role must start at a word."""
    from bot.quiz.generation.who import _cited, _masked

    text = "The old order seems to have entered what political theorist Ann Vole has called a “thaw.”"
    start = text.index("Ann Vole")
    descriptor, at = _cited(text, start, start + len("Ann Vole"))
    assert descriptor == "political theorist"
    assert _masked(text, start, start + len("Ann Vole"), descriptor, at) == \
        "The old order seems to have entered what a political theorist has called a “thaw.”"


def test_the_essays_own_word_for_a_blank_is_accepted_and_a_collocation_is_no_distractor():
    """Issue 20: synonyms the essay uses were refused. "The consequence was a systematic withdrawal
    …" is followed by "The effects of this defection …": "defection" is accepted. And a candidate the
    essay writes beside the blank's neighbour ("maritime law" for "maritime ____") fits the
    sentence, so it is never a wrong choice."""
    from bot.quiz.generation.distractors import collocated

    body = ("Harbour towns depended on trade in grain and timber for most of their income each year.\n\n"
            "The consequence was a systematic withdrawal by merchant houses from the northern harbours.\n\n"
            "The effects of this defection showed first in the ropewalks and the chandlers' shops.\n\n"
            "The withdrawal of capital left the quays to the fishermen and their families for decades.\n\n"
            "Maritime law still favoured the merchant houses over the fishing families in every dispute.\n")
    ports = essay(title="Quays", body=body, slug="quays")

    def consequence(e, encode):
        return [Candidate(e, 2, e.paragraph(2).text, 1.0)]

    report = generator(ports, kinds=("cloze",), select=consequence, typed_open_blanks=True).generate()
    withdrawal = [i for i in report.items if i.answer == "withdrawal"]
    assert withdrawal and "defection" in withdrawal[0].accepted
    facts = generator(ports).facts["quays"]
    assert collocated(facts, "Ships obeyed maritime custom in the bay.", "custom", "law")
    assert not collocated(facts, "Ships obeyed maritime custom in the bay.", "custom", "grain")


def test_a_term_the_essay_defines_is_never_a_wrong_choice_for_another_definition(monkeypatch):
    """Two definitions of one essay overlap ("American primacy: the idea that …" and "political
    exceptionalism—the country's right to …"): a defined term offered as wrong could be right."""
    body = ("What I call “harbourism,” or the belief that every town must keep its own harbour, shaped the coast.\n\n"
            "Tariff federalism: the idea that ports should share one schedule of duties.\n\n"
            "Critics blamed localism, protectionism, and mercantilism for the decline of the smaller ports.\n\n"
            "Later, localism and protectionism faded while mercantilism lingered in the southern towns.\n")
    from bot.quiz.generation import distractors

    monkeypatch.setattr(distractors, "MIN_DISTRACTOR_COSINE", -1.0)  # a bag of words knows no fields
    ports = essay(title="Coasts", body=body, slug="coasts")
    report = generator(ports, kinds=("term",)).generate()
    choices = {g.item.answer: g.item.choices for g in report.generated if g.item.kind == "multiple_choice"}
    assert choices, [g.item.prompt for g in report.generated]
    for answer, options in choices.items():
        assert not {"harbourism", "federalism", "tariff federalism"} & ({o.lower() for o in options} - {answer.lower()})


def test_no_what_item_on_an_everyday_institution_named_in_passing_or_a_source():
    """"For some on the left wing of the ____" (Democratic Party) is general knowledge; "according
    to the ____" names where a figure appeared. An initiative the essay returns to is asked."""
    body = ("Reformers in the Harbour Reform League demanded one tariff for every port on the coast.\n\n"
            "Some members of the National Party, however, opposed the tariff for the inland farms.\n\n"
            "Grain exports fell by a third, according to the Associated Press, within two seasons of the change.\n\n"
            "By the end of the decade the Harbour Reform League had won over most of the coastal councils.\n")
    report = generator(essay(title="Tariffs", body=body, slug="tariffs"), kinds=("who",)).generate()
    answers = {g.item.answer for g in report.generated}
    assert "Harbour Reform League" in answers
    assert not answers & {"National Party", "Associated Press"}


def test_a_sample_never_pairs_which_author_with_an_item_quoting_its_sentence_by_author():
    """"Which author argues this: “All three groups agree …”" and "Walt writes: “All three groups
    agree …” Name one of the three groups." in one quiz: the second answers the first."""
    from bot.quiz.generation.base import Generated
    from bot.quiz.generation.sample import draw, quotes_author
    from bot.quiz.items import QuizItem

    report = generator(lighthouses(), shipyards(), harbours(), encoder=TopicEncoder()).generate()
    author = next(g for g in report.generated if g.kind == "author")
    writer = "Quill" if author.item.essay == "keepers" else "Vance"
    quoting = Generated(QuizItem(id="quoting", kind="short_answer", essay=author.item.essay, paragraph=1,
                                 prompt=f"{writer} writes: “{author.passage}” Name one of them.", answer="towers"),
                        "list", 0.5, "another sentence", (author.item.essay, 99, 0))
    assert quotes_author(author, quoting) and not quotes_author(quoting, author)
    pool = [author, quoting]
    for seed in range(10):
        assert len(draw(pool, 2, seed, fill=True)) == 1, seed


def test_one_sentence_gives_items_of_one_kind():
    """"Left ____ about the security state explains …" (cloze) and "What explains …? Left
    skepticism about …" (cause) ask one fact twice; the structural kind keeps the sentence."""
    body = ("Dock skepticism about the harbour board explains the long decline of the northern quays.\n\n"
            "The harbour board answered the skepticism with new cranes and a second breakwater.\n\n"
            "Doubt lingered among the dockers until the breakwater held through the winter storms.\n")
    report = generator(essay(title="Quays", body=body, slug="quays"), kinds=("cloze", "cause")).generate()
    kinds_by_source: dict[tuple, set[str]] = {}
    for g in report.generated:
        kinds_by_source.setdefault(g.source, set()).add("cloze" if g.kind == "choice" else g.kind)
    assert any(k == {"cause"} for k in kinds_by_source.values())
    assert all(len(k) == 1 for k in kinds_by_source.values()), kinds_by_source


def test_a_reason_given_only_in_part_is_no_cause_item():
    """Blind teachers, round 19 (3 of the 4 bad items, all three samples): a reason the essay gives
    "in part" leaves its other reasons equally right answers to "why"."""
    body = ("Dock skepticism about the harbour board explains in part the long decline of the northern quays.\n\n"
            "The quays emptied partly because the railway reached the southern harbour first.\n\n"
            "The cranes stood idle chiefly because the board had sold the tugs to pay its debts.\n\n"
            "The harbour board answered the skepticism with new cranes and a second breakwater.\n")
    report = generator(essay(title="Quays", body=body, slug="quays"), kinds=("cause",)).generate()
    sources = {g.passage for g in report.generated if g.kind == "cause"}
    assert not any("in part" in p or "partly" in p for p in sources), sources
    assert any("chiefly" in p for p in sources), "a reason the essay gives as the main one is still asked"


def test_no_term_item_the_title_or_a_negated_gloss_gives_away():
    """Blind teachers, round 20: "unseen timed exam" for "questions they have not seen in advance",
    in an essay titled "… the Unseen Timed Paper", was the only bad item, and two more were weak
    for the same giveaway."""
    body = ("By an “unlit quay” I mean a berth whose lamps are not lit after the last ferry has gone.\n\n"
            "By the “tide ledger” I mean the book in which the harbourmaster writes each day's heights and "
            "arrivals.\n\n"
            "By a “quiet berth” I mean a mooring that no ship uses between the autumn gales and the spring fair.\n")
    report = generator(essay(title="Let the Berths Stay Quiet", body=body, slug="quays"), kinds=("term",)).generate()
    answers = {g.item.answer for g in report.generated if g.kind == "term"}
    assert "unlit quay" not in answers  # "not lit" says "unlit"
    assert "quiet berth" not in answers  # the title names it, in other word forms
    assert "tide ledger" in answers


def test_no_list_item_asks_to_name_one_of_a_list_of_real_countries():
    """Blind teachers: "name a client state" can be answered from general knowledge (Chile, Iran)."""
    body = ("Power encouraged authoritarian rule (as in Chile, Argentina, Brazil, Greece, and Peru, to name just a few "
            "client states) through the long cold war.\n\n"
            "I focus on three duties: guarding the lamp, trimming the wick, and logging the weather.\n")
    report = generator(essay(title="Clients", body=body, slug="clients"), kinds=("list",)).generate()
    answers = {g.item.answer for g in report.generated if g.kind == "list"}
    assert not answers & {"Chile", "Argentina", "Brazil", "Peru"}, answers
    assert answers, "a list of the essay's own points is still asked"


def test_list_keys_accept_the_short_names_learners_give():
    """Teachers (round 9, all three): "libertarians" refused for "the libertarian right", "labor
    rights" for "Securing labor rights"."""
    from bot.quiz.generation.lists import short_forms

    assert short_forms("Securing labor rights") == ["labor rights"]
    assert short_forms("scaling back the security budget") == ["security budget"]
    assert short_forms("the libertarian right") == ["libertarians"]
    assert short_forms("Guarding the lamp") == [] and short_forms("realists") == []


def test_who_items_only_on_sources_the_essay_returns_to_or_opens_with():
    """Named twice in one anecdote is still a minor source (round 9); named in two paragraphs, or
    in the essay's opening, is someone the essay argues with."""
    body = ("Harbour towns were built around their lights, as the historian Lena Marsh has shown in detail.\n\n"
            "Keepers were trusted men in every town along the whole coast for a century.\n\n"
            "One keeper, the retired sailor Tom Ode, told me the lamp never failed. Ode still polishes it daily.\n\n"
            "Marsh also found that towns without a keeper lost their harbour trade within a decade.\n")
    report = generator(essay(title="Lights", body=body, slug="lights"), kinds=("who",)).generate()
    answers = {g.item.answer for g in report.generated}
    assert "Lena Marsh" in answers and "Tom Ode" not in answers, answers


def test_who_items_never_ask_who_this_author_is_or_quote_half_a_quotation():
    """Teachers (round 10, all three): "Who is this author?" reads as the essay's own author, and a
    stem whose quotation the next sentence closes ends in a stray quotation mark."""
    from bot.quiz.generation.who import _balanced

    assert not _balanced('And part, the lead author told me, is arithmetic: "Collections only grow.')
    assert _balanced('The lead author told me that "collections only grow."')
    body = ("The survey's lead author, Dr Ana Pell, found that stores grow every year in every region.\n\n"
            "Curators rarely refuse a gift, since refusing it offends a donor for years afterwards.\n\n"
            "Pell also found that one object in ten has not been seen by anyone for fifty years.\n")
    report = generator(essay(title="Stores", body=body, slug="stores"), kinds=("who",)).generate()
    prompts = [g.item.prompt for g in report.generated if g.item.answer == "Ana Pell"]
    assert prompts and not [p for p in prompts if p.endswith("Who is this author?")], prompts
    assert all(p.endswith("Who is the author Writer quotes here?") for p in prompts), prompts


def test_an_essay_with_bold_numbered_proposals_and_a_two_sentence_definition_gets_its_items():
    """An essay written after the work (a blind helper's, on national parks) yielded one item: its
    "**First, split the release.** …" list ran into the next sentence, and "I call this
    arrangement “rationing by endurance.” By that I mean any system …" split name and meaning."""
    body = ('I call this older arrangement "queueing by stamina." By that I mean any system in which scarce '
            "access goes to whoever can bear the longest wait.\n\n"
            "Parks should make timed entry permanent, and they should be built around three changes.\n\n"
            "**First, split the release.** Part of the slots should go out the evening before.\n\n"
            "**Second, keep other doors open.** Shuttle riders should enter without a ticket.\n\n"
            "**Third, keep it cheap.** The booking fee should stay at two dollars.\n")
    report = generator(essay(title="Parks", body=body, slug="parks"), kinds=("term", "list")).generate()
    terms = {g.item.answer: g.item.prompt for g in report.generated if g.kind == "term"}
    assert "any system in which scarce access goes to whoever can bear the longest wait" in terms.get(
        "queueing by stamina", ""), terms
    # The three headings are not asked as a typed list: typed, "split the release" was the only
    # wording accepted for a change a student would describe by its content (blind teachers, round
    # 15: weak in all three samples); as a choice they need wrong choices this short essay lacks.
    lists = [g.item for g in report.generated if g.kind == "list"]
    assert not [i for i in lists if i.kind == "short_answer"], [i.answer for i in lists]


def test_a_numbered_list_and_an_announced_term_get_their_items():
    """A second essay written after the work (library fines) had its proposals as a numbered
    Markdown list ("1. **Automatic renewals.** …") and its term as "… define a term …: the blocked
    borrower. A blocked borrower is a patron whose …"; neither was asked."""
    body = ("It helps to define a term staff use all the time: the stranded reader. A stranded reader is a "
            "patron whose account is frozen until a debt is paid.\n\n"
            "Libraries that drop fines tend to share three features that keep books coming back.\n\n"
            "1. **Automatic renewals.** Most late items are forgotten, not stolen.\n\n"
            "2. **Short borrowing holds.** A patron waits a week before borrowing more.\n\n"
            "3. **Charges only for lost items.** Nothing else should cost money.\n")
    report = generator(essay(title="Fines", body=body, slug="fines"), kinds=("term", "list")).generate()
    terms = {g.item.answer: g.item.prompt for g in report.generated if g.kind == "term"}
    assert "a patron whose account is frozen until a debt is paid" in terms.get("stranded reader", ""), terms
    lists = [g.item for g in report.generated if g.kind == "list"]
    assert not [i for i in lists if i.kind == "short_answer"], lists  # headings: a choice item or none


def test_cause_items_need_more_than_a_thing_that_happens():
    body = ("The spillover problem arises because street parking is free and nobody prices the kerb at all.\n\n"
            "Councils resist the rule because developers lobby hard against any new cost.\n")
    report = generator(essay(title="Kerbs", body=body, slug="kerbs"), kinds=("cause",)).generate()
    prompts = [g.item.prompt for g in report.generated]
    assert not [p for p in prompts if "arises" in p] and [p for p in prompts if "resist" in p], prompts


def test_cause_items_are_typed_never_chosen_among_the_essays_other_reasons():
    """The only wrong choices a cause item could offer are reasons the essay gives for other claims,
    and blind teachers (round 7) found one of them also explained the claim in both bad items of 90
    ("the kerb-space reason is Rourke's own cause of the spillover")."""
    body = ("Fishermen trusted the keepers because the keepers had saved their boats many times.\n\n"
            "Towns kept their towers due to a deep local pride in the old lights of the coast.\n\n"
            "Merchants backed the Board because the new lamps had cut their insurance costs sharply.\n\n"
            "Wardens praised the harbour because its pilots were the best trained on the coast.\n")
    report = generator(essay(title="Lights", body=body, slug="lights"), kinds=("cause",)).generate()
    assert report.generated and all(g.item.kind == "short_answer" for g in report.generated)


def test_a_person_cited_in_two_paragraphs_gives_two_who_items():
    body = ("The historian Lena Marsh has argued that the tariff union saved the smaller harbours from ruin.\n\n"
            "Dockworkers remember the union differently, as a time of lost wages and long idle winters.\n\n"
            "Marsh is correct in saying that the union outlived every rival scheme of the northern ports.\n\n"
            "As Piet Olde noted in a harbour survey, the union also doubled the traffic of the northern quays.\n")
    report = generator(essay(title="Tariffs", body=body, slug="tariffs"), kinds=("who",)).generate()
    marsh = {g.item.paragraph for g in report.generated if g.item.answer == "Lena Marsh"}
    assert marsh == {1, 3}


def test_a_sample_never_asks_one_answer_twice():
    """Two definitions of "exceptionalism" made two questions with one answer in one sample."""
    from bot.quiz.generation.base import Generated
    from bot.quiz.generation.sample import draw, same_answer
    from bot.quiz.items import QuizItem

    def term(n: int, answer: str, accepted: list[str]) -> Generated:
        item = QuizItem(id=f"t{n}", kind="short_answer", essay="keepers", paragraph=n, prompt=f"What does Quill call {n}?",
                        answer=answer, accepted=accepted)
        return Generated(item, "term", 0.5, f"sentence {n}", ("keepers", n, 0))

    first, second = term(1, "exceptionalism", []), term(2, "political exceptionalism", ["exceptionalism"])
    assert same_answer(first, second)
    for seed in range(10):
        assert len(draw([first, second], 2, seed)) == 1, seed


def test_a_typed_blank_only_where_one_answer_closes_it():
    """Blind teachers kept 5 of 22 typed blanks on open words ("shift American ____":
    self-understanding, identity, culture all fit) and 10 of 21 of their multiple-choice twins: an
    open word is offered as a choice only; a name or a term the essay defines may be typed."""
    body = ("What I call “mutualism,” or the belief that dockers should hire through their own halls, shaped the port.\n\n"
            "Organisers saw mutualism as essential to the achievement of lasting cooperation on the docks.\n\n"
            "The achievement of the dockers was a wage scale that outlasted mutualism itself by decades.\n\n"
            "Mutualism spread along the river as every dock copied the first cooperative hiring hall.\n")
    docks = essay(title="Docks", body=body, slug="docks")

    def typed(**options):
        report = ItemGenerator([docks], MeaningEncoder(set()).encode, kinds=("cloze",), meaning_max=0.99,
                               **options).generate()
        return {g.item.answer.lower() for g in report.generated if g.kind == "cloze"}

    assert "achievement" in typed(typed_open_blanks=True)
    assert typed() and typed() <= {"mutualism"}


def test_list_answers_are_the_items_not_their_ordinal_wrappers():
    """A blind teacher marked bad a list item accepting 'The second reason is' (the head of "The
    second reason is that objects in use are better cared for"): the answer is what follows. (Bare
    labels with nothing after them, "The first is legitimacy.", are no longer asked: rounds 26-27.)"""
    body = ("Museums keep most of their collections in storage, where almost nobody ever sees them.\n\n"
            "There are three reasons why lending is the right answer. The first is legitimacy: a public object "
            "should be seen. The second reason is better care: objects in use are watched. The third reason is "
            "scholarship: lent objects get studied.\n\n"
            "Lending also costs money, and the money must come from somewhere.\n")
    report = generator(essay(title="Stores", body=body, slug="stores"), kinds=("list",)).generate()
    lists = [g.item for g in report.generated if g.kind == "list"]
    assert lists
    answers = {a.lower() for i in lists for a in [i.answer, *i.accepted]}
    assert {"legitimacy", "better care", "scholarship"} <= answers, answers
    assert not [a for a in answers if a.startswith(("the first", "the second", "the third"))]


def test_a_cause_item_asks_about_the_clause_the_reason_explains_and_keeps_its_hedge():
    """A blind teacher: "…that it looks large chiefly. Why?" (the hedge left dangling) and "Venues
    reported queues …, and a hospital asked to extend its loan … Why?" (the reason explains only the
    hospital's request) misstate the essay. Round 8's teachers: the hospital's reading group is "a
    trivial anecdote", so the "because" of a sentence the map reads as evidence is not asked at all."""
    body = ("Lending pilots ran for five years across the eastern counties of the kingdom.\n\n"
            "Venues reported long queues to see a painting in the library foyer, and the county hospital asked to "
            "extend its loan of maritime prints because patients on the long ward had started a reading group.\n\n"
            "Storage looks safe to the trustees chiefly because damage in a store goes unnoticed for decades.\n")
    report = generator(essay(title="Loans", body=body, slug="loans"), kinds=("cause",)).generate()
    prompts = {g.item.answer: g.item.prompt for g in report.generated if g.kind == "cause"}
    assert "patients on the long ward had started a reading group" not in prompts
    unnoticed = prompts["damage in a store goes unnoticed for decades"]
    assert "trustees chiefly." not in unnoticed and "Why, chiefly, according to" in unnoticed


def test_templates_never_take_a_verb_or_an_ordinal_wrapper_for_content():
    """Blind teacher, on an essay written after the generator: "Name one of the is access Rourke
    lists there" and "Rourke writes that the second is that shared hubs …"."""
    body = ("Parking minimums were written for a city that no longer exists anywhere in the country.\n\n"
            "There are two reasons to repeal them. The first is cost. The second is that shared hubs meet real "
            "travel needs better than private garages, because they pool demand across many households.\n\n"
            "Hubs are a more honest way of supplying what the car was supposed to provide, which is access: "
            "to work, to shops, to family.\n")
    report = generator(essay(title="Hubs", body=body, slug="hubs"), kinds=("list", "cause")).generate()
    prompts = [g.item.prompt for g in report.generated]
    assert prompts
    assert not [p for p in prompts if "the is access" in p or "one of the is " in p]
    causes = [p for p in prompts if "Why" in p]
    assert causes and not [p for p in causes if "the second is that" in p.lower()], causes


def test_a_sample_spreads_over_the_essays_a_long_essay_does_not_fill_it():
    """Blind teachers: 21 and 23 items of 30 came from one essay of five (the longest yields
    most). A pool of 20 items from one essay and 4 from another gives a sample of 8 with all 4."""
    from bot.quiz.generation.base import Generated
    from bot.quiz.generation.sample import draw
    from bot.quiz.items import QuizItem

    def term(essay: str, n: int) -> Generated:
        item = QuizItem(id=f"{essay}{n}", kind="short_answer", essay=essay, paragraph=n, prompt=f"What is term {n}?",
                        answer=f"Term {essay} {n}")
        return Generated(item, "term", 0.5, f"sentence {n}", (essay, n, 0))

    pool = [term("long", n) for n in range(1, 21)] + [term("short", n) for n in range(1, 5)]
    for seed in range(5):
        sample = draw(pool, 8, seed)
        assert sum(g.item.essay == "short" for g in sample) == 4, seed


def test_the_kinds_teachers_keep_least_fill_a_sample_only_when_asked():
    """Blind teachers kept 6 of 18 choice blanks in round 6 and 1 of 9 in round 7 (the lowest of the
    kinds), and in rounds 34-36 who 0 of 9, choice 2 of 15, evidence 4 of 13, each drawn only to
    fill a sample: a sample of 20 from a pool with plenty of other kinds holds none; a pool of
    choice blanks only gives no sample, unless the caller asks to fill it."""
    from bot.quiz.generation.base import Generated
    from bot.quiz.generation.sample import draw
    from bot.quiz.items import QuizItem

    def made(kind: str, n: int) -> Generated:
        item = QuizItem(id=f"{kind}{n}", kind="short_answer", essay=f"e{n % 5}", paragraph=n,
                        prompt=f"{kind} question {n}?", answer=f"{kind} answer {n}")
        return Generated(item, kind, 0.5, f"{kind} sentence {n}", (kind, n, 0))

    mixed = [made(kind, n) for kind in ("choice", "term", "claim", "list") for n in range(1, 16)]
    for seed in range(5):
        sample = draw(mixed, 20, seed)
        assert len(sample) == 20 and not [g for g in sample if g.kind == "choice"], seed
    only = [made("choice", n) for n in range(1, 16)] + [made("who", n) for n in range(1, 4)]
    assert draw(only, 10, 1) == []
    filled = draw(only, 10, 1, fill=True)
    assert len(filled) == 10 and {g.kind for g in filled} == {"choice", "who"}
    short = draw(mixed[15:18] + only, 10, 1)
    assert [g.kind for g in short] == ["term"] * 3


def test_cause_items_never_ask_about_a_claim_that_points_back():
    """Blind teachers: "'These features' is never defined in the question", "'a fraction of that'
    has no antecedent in the stem"."""
    body = ("Deep floors need light wells. Cities should fund the wells, since these features make conversion cheap "
            "because the plumbing is spread out.\n\n"
            "A hub needs forty spaces. Private blocks are wasteful, needing a fraction of that because each car moves "
            "an hour a day.\n\n"
            "Councils resist the rule because developers lobby hard against any new cost.\n\n"
            "Drift builds up quietly. A bequest is accepted because refusing it would offend a donor.\n")
    report = generator(essay(title="Towers", body=body, slug="towers"), kinds=("cause",)).generate()
    prompts = [g.item.prompt for g in report.generated if g.kind == "cause"]
    assert not [p for p in prompts if "These features" in p or "fraction of that" in p], prompts
    assert not [p for p in prompts if "bequest" in p], prompts  # one instance, not a claim (round 8)
    assert [p for p in prompts if "resist the rule" in p], prompts  # a claim that reads whole is still asked


def test_cause_items_need_a_claim_and_accept_only_real_parts_of_a_reason():
    """Blind teacher round 4: "Halloway writes that objects that are effectively lost. Why …?" (no
    claim), and "on average" accepted because the reason was cut at the commas of an aside."""
    body = ("Museums keep thousands of objects that are effectively lost because nobody has catalogued them since 1950.\n\n"
            "Private spaces are inefficient because each one is reserved for a single vehicle that, on average, "
            "moves for about an hour a day.\n\n"
            "Trustees distrust lending because loans cost money, staff time, and insurance fees.\n")
    report = generator(essay(title="Stores", body=body, slug="stores"), kinds=("cause",)).generate()
    causes = [g.item for g in report.generated if g.kind == "cause"]
    assert not [i for i in causes if "effectively lost. Why" in i.prompt]
    private = [i for i in causes if "inefficient" in i.prompt and i.kind == "short_answer"]
    assert private and not [a for i in private for a in i.accepted if a.lower() in ("on average", "moves for about")]
    from bot.quiz.generation.causes import _parts
    assert _parts("loans cost money, staff time, and insurance fees") == ["loans cost money", "staff time",
                                                                          "insurance fees"]  # a real list splits


def test_definitions_in_the_commonest_forms_give_term_items():
    """An unseen essay ("By the “kitchen-table curriculum” I mean …") once yielded no term item:
    only "what I call “T,” or D" and "T—defined as D" were read."""
    body = ("It helps to name the problem. By the “harbour tax” I mean the share of a port's costs that it quietly "
            "passes on to the towns along the estuary.\n\n"
            "The sheds are a warning. This is what I call “dead quay”: a berth that exists because a rule demanded it "
            "rather than because any ship needed it.\n\n"
            "I call this condition tidal drift: the slow process by which a port's duty to trade crowds out its duty "
            "to the towns.\n")
    report = generator(essay(body=body)).generate()
    prompts = {g.item.answer: g.item.prompt for g in by_kind(report, "term") if g.item.kind == "short_answer"}
    assert prompts["harbour tax"] == "What does Writer call “the share of a port's costs that it quietly passes on " \
                                     "to the towns along the estuary”?"
    assert "a berth that exists because a rule demanded it" in prompts["dead quay"]
    assert "the slow process by which a port's duty to trade" in prompts["tidal drift"]


def test_a_role_set_off_by_commas_or_after_a_possessive_is_masked_cleanly():
    from bot.quiz.generation.who import _cited, _masked

    for text, name, masked in (
        ("The headteacher, Marcus Vale, summed it up in one line.", "Marcus Vale",
         "A headteacher summed it up in one line."),
        ("The survey's lead author, Dr Priya Lund, put it bluntly.", "Priya Lund",
         "The survey's lead author put it bluntly."),
    ):
        start = text.index(name)
        descriptor, at = _cited(text, start, start + len(name))
        assert _masked(text, start, start + len(name), descriptor, at) == masked


def test_which_author_never_credits_an_author_with_the_view_they_answer():
    """A blind teacher marked "Which author argues: 'Developers … argue that the market, not the
    city, should decide'" bad: the essay sets that view out in order to answer it."""
    from bot.quiz.generation.authors import reported

    assert reported("Developers and many planners argue that the market, not the city, should decide.")
    assert reported("A mandate, on this view, simply fixes today's guess in concrete.")
    assert not reported("I argue that cities should require convertible floors.")
    assert not reported("Cities should require convertible floors in every large office building.")


def test_which_author_asks_only_about_sentences_that_read_whole():
    """A blind teacher: "'them' has no antecedent in the stem" (it meant the labs and hospitals of
    the sentence before)."""
    from bot.quiz.generation.authors import stands_alone

    assert not stands_alone("Cities should exempt them from the rule, since few could ever hold flats.")
    assert not stands_alone("This is why the rule must apply to every large tower.")
    assert stands_alone("Cities should exempt laboratories from the rule, since few could ever hold flats.")
    assert not stands_alone("Understanding why requires looking at the left's own institutions.")
    assert not stands_alone("A second tendency is to treat any rival of Washington as an ally.")


def test_a_cause_key_stops_where_a_semicolon_starts_another_thought():
    """"… because informality is part of the point; a family concert might use colour": the second
    clause is another example, not the reason (blind teachers, round 15, all three samples)."""
    body = ("A late programme of new music might put the players in their own clothes because informality "
            "is part of the whole point of the evening; a family concert might use colour instead.\n")
    report = generator(essay(title="Stage", body=body, slug="stage"), kinds=("cause",)).generate()
    answers = [g.item.answer for g in report.generated]
    assert answers and all("family concert" not in a for a in answers), answers
    assert any(a.startswith("informality is part of the whole point") for a in answers), answers


def test_cause_and_claim_stems_never_lean_on_a_sentence_they_do_not_show():
    """A blind teacher, round 17: "'the objection' has no stated referent", "'its stubbornness' has no
    referent", "'the part of it' has no referent" (cause and claim items, weak or bad in every sample).
    A pronoun whose noun the stem itself gives ("the players in their own clothes") is fine."""
    body = ("Some say the stacks block the cafe. The objection fails, though, because it presents a false choice "
            "between books and rooms.\n\n"
            "The rule has lasted for decades. Local politics explains much of its stubbornness, because councils "
            "fear angry drivers.\n\n"
            "Kerbs are public land. Charging for the part of it used to store private cars is not a tax on the poor; "
            "it is the end of a benefit that mostly flows to the better-off.\n\n"
            "Councils raise their fees slowly because voters notice every increase in the price of a permit.\n")
    report = generator(essay(title="Kerbs", body=body, slug="kerbs"), kinds=("cause", "claim")).generate()
    prompts = [g.item.prompt for g in report.generated]
    assert not [p for p in prompts if "objection fails" in p or "stubbornness" in p or "part of it" in p], prompts
    assert [p for p in prompts if "raise their fees" in p], prompts  # "their" has its noun in the stem


def test_a_cause_key_stops_before_the_authors_but_and_no_analogy_is_asked():
    """A blind teacher, round 17: the key "the Netherlands is rich, but the lesson is …" ran the author's
    answer into the reason; "is like amputating a limb because an infection might spread" asked the
    analogy's reason as the argument's (bad)."""
    body = ("The Dutch case looks unique because the Netherlands is rich, but the lesson is that deciding to "
            "stay comes before the engineering.\n\n"
            "Moving a whole nation on the worst forecast is like amputating a limb because an infection might "
            "spread one day.\n")
    report = generator(essay(title="Dykes", body=body, slug="dykes"), kinds=("cause",)).generate()
    items = [g.item for g in report.generated]
    dutch = [i for i in items if "Dutch case" in i.prompt]
    assert dutch and all("lesson" not in i.answer for i in dutch), [i.answer for i in dutch]
    assert not [i for i in items if "amputating" in i.prompt], [i.prompt for i in items]


def test_a_claim_others_make_is_not_asked_why_of():
    """"The Dutch case is often dismissed because the Netherlands is rich": the reason is the
    dismissers', not the essay's (blind teachers kept it 0 times of 16, rounds 17-22: "the obvious
    guess, and it skips the essay's real lesson"); likewise what critics say."""
    body = ("The Dutch case is often dismissed because the Netherlands is rich, but the lesson is that deciding to "
            "stay comes before the engineering.\n\n"
            "Critics of the dykes call them a waste because storms keep getting stronger every single decade.\n\n"
            "Ordinary fishermen trusted the keepers because the keepers had saved their boats many times.\n")
    report = generator(essay(title="Dykes", body=body, slug="dykes"), kinds=("cause",)).generate()
    prompts = [g.item.prompt for g in report.generated]
    assert not [p for p in prompts if "Dutch" in p or "Critics" in p or "critics" in p], prompts
    assert [p for p in prompts if "fishermen" in p], prompts  # the essay's own claim is still asked


def test_why_a_proposal_or_a_reported_claim_is_not_asked():
    """Round 26 (bad in all three samples): "Why should governments fund seed banks?" keyed one of the
    essay's several reasons; "seed companies, Marchetti says, look after what they own" credited
    Marchetti's claim to the author."""
    body = ("Governments should fund seed banks because the harvests that matter most are decades away.\n\n"
            "Seed companies, Marchetti says, look after what they own because it is their revenue.\n\n"
            "Ordinary fishermen trusted the keepers because the keepers had saved their boats many times.\n")
    report = generator(essay(title="Vaults", body=body, slug="vaults"), kinds=("cause",)).generate()
    prompts = [g.item.prompt for g in report.generated]
    assert not [p for p in prompts if "seed" in p.lower()], prompts
    assert [p for p in prompts if "fishermen" in p], prompts


def test_a_claim_whose_this_is_in_another_sentence_is_not_asked():
    """Round 24 (weak in all three samples): "Renwick writes that in an advisory body this is
    acceptable. Why?": what "this" is stands in the sentence before."""
    body = ("Organisers choose the experts and draft the questions for every assembly.\n\n"
            "In an advisory body this is acceptable because the organisers answer to parliament for it.\n")
    report = generator(essay(title="Lots", body=body, slug="lots"), kinds=("cause",)).generate()
    assert not [g.item.prompt for g in report.generated], [g.item.prompt for g in report.generated]


def test_a_negated_claim_with_because_inside_the_negation_is_not_asked():
    """Round 23 (bad in all three samples): "Land does not manage itself because it has been declared
    wild" was keyed "it has been declared wild", the very reason the essay denies. With a comma, or
    with the reason first, the "because" gives the claim's reason and is asked."""
    body = ("Land does not manage itself because it has been declared wild by a distant owner.\n\n"
            "Property taken by force does not become legitimate because time has passed or because it was sold on.\n\n"
            "Because the council has spent its reserves on consultants, the library cannot reopen this year.\n")
    report = generator(essay(title="Uplands", body=body, slug="uplands"), kinds=("cause",)).generate()
    answers = {g.item.prompt: g.item.answer for g in report.generated}
    assert not [a for a in answers.values() if "declared wild" in a or "time has passed" in a], answers
    assert [a for a in answers.values() if "spent its reserves" in a], answers


def test_a_list_item_whose_head_names_nothing_alone_is_keyed_whole():
    """A blind teacher, round 17: "collections" accepted for "collections that float between branches"
    (weak in all three samples). A group of people keeps its head: "realists" for "realists who …"."""
    from bot.quiz.generation.lists import _clean
    assert _clean("collections that float between branches") == ("collections that float between branches", [])
    head, forms = _clean("realists who favor a grand strategy of restraint")
    assert head == "realists" and "realists who favor a grand strategy of restraint" in forms
    assert _clean("fairness, which is usually raised against pricing")[0] == "fairness"  # an aside after a comma
