"""Generation rules on essays made up here (nothing may depend on the seed essays), with the fake
encoder: which sentences, which blanks, which distractors, which accepted forms."""

from __future__ import annotations

from bot.corpus.essay import parse_essay
from bot.quiz.generate import ItemGenerator, Term, _shape, _near_synonyms

from conftest import FakeEncoder

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


def essay(title: str = "Ports and Power", body: str = BODY, slug: str = "ports"):
    return parse_essay(f"---\ntitle: {title}\nauthor: A. Writer\n---\n\n{body}", slug=slug, name="ports.md")


def generator(*essays):
    return ItemGenerator(list(essays) or [essay()], FakeEncoder().encode)


def test_surname_is_accepted_only_for_people():
    gen = generator()
    assert gen.is_person("Jane Okafor", "ports") and gen.is_person("Tomas Reyes", "ports")
    assert not gen.is_person("Harbor Compact", "ports")
    assert not gen.is_person("Northern League", "ports")
    assert gen._accepted_variants(Term("Jane Okafor", "name", 0, 11), "ports") == ["Okafor"]
    assert gen._accepted_variants(Term("Harbor Compact", "name", 0, 14), "ports") == []


def test_no_blank_on_title_words_lemmas_pairings_lists_or_names_next_to_names():
    ports = essay(title="Port Federalism and the Harbor Compact")
    items = generator(ports).generate().items
    answers = [i.answer.lower() for i in items]
    assert not any("federalism" in a or "harbor" in a or "compact" in a for a in answers)  # title words
    in_list = [i.answer for i in items if i.prompt.startswith("In Lisbon") or "Lisbon" in i.prompt]
    assert not set(in_list) & {"Lisbon", "Porto", "Vigo", "Bilbao", "Brest"}  # one entry of a list of names
    assert "Tomas Reyes" not in [i.answer for i in items if "Supporters" in i.prompt]  # "X and ___"
    roots = [i.answer.lower().rstrip("s") for i in items if i.kind == "cloze"]
    assert len(roots) == len(set(roots))  # one item per lemma


def test_trivial_pairing_repeated_in_the_essay_is_not_blanked():
    from bot.quiz.generate import Candidate

    gen = generator()
    text = BODY.splitlines()[4]
    candidate = Candidate(essay(), 3, text, 0.5)
    start = candidate.sentence.index("federalism")
    assert gen._trivial(candidate, Term("federalism", "term", start, start + len("federalism")))  # "port ___" twice


def test_distractors_match_the_answer_form_and_are_not_synonyms():
    assert _shape("councils") == _shape("networks") != _shape("council")
    assert _shape("authoritarianism") != _shape("anti-authoritarian")
    assert _shape("1962") != _shape("forty")
    assert _shape("Jane Okafor")[0] == "name" and _shape("okafor")[0] == "word"
    assert _near_synonyms("Pax Americana", "American Century") and _near_synonyms("anti-colonial", "anti-imperial")
    gen = generator()
    for item in gen.generate().items:
        if item.kind == "multiple_choice":
            shapes = {_shape(c) for c in item.choices}
            assert len(shapes) == 1, item.choices


def test_sentences_are_chosen_by_importance_and_selection_is_swappable():
    from bot.quiz.generate import Candidate, select_sentences

    ports = essay()
    ranked = select_sentences(ports, FakeEncoder().encode)
    assert [c.centrality for c in ranked] == sorted((c.centrality for c in ranked), reverse=True)
    assert len(ranked) < len(ports.paragraphs)  # only the more important share of the sentences

    def only_the_critics(e, encode):
        return [Candidate(e, 3, BODY.splitlines()[4], 1.0)]

    items = ItemGenerator([ports], FakeEncoder().encode, select=only_the_critics).generate().items
    assert items and {i.paragraph for i in items} == {3}


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
    sentences = body.split("\n\n")
    keywords = {t.text for s in sentences for t in gen._keywords(s, "ports", [])}
    assert "ferrymen" in keywords
    assert not keywords & {"version", "account"}
