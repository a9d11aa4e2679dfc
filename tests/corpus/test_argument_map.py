"""The argument map, read off a made-up essay (tests/sample_essays.py): roles from cue phrases and
position, links between sentences, and lists with their items. Nothing here depends on the seeds."""

from __future__ import annotations

import json

from sample_essays import LIBRARIES

from bot.corpus.argument import ArgumentMap, build_map, find_enumerations
from bot.corpus.essay import parse_essay


def _map() -> ArgumentMap:
    return build_map(parse_essay(LIBRARIES, name="libraries.md"))


def _role(m: ArgumentMap, paragraph: int, index: int) -> str:
    return m.role(paragraph, index)


def test_roles_follow_the_cues_a_reader_uses() -> None:
    m = _map()
    assert _role(m, 1, 1) in ("thesis", "claim")  # "My argument is simple: cities should …"
    assert _role(m, 3, 0) == "evidence"  # "According to the city auditor … $310,000"
    assert _role(m, 3, 1) == "evidence"  # "A survey of 2,400 residents found that 41 percent …"
    assert _role(m, 4, 0) == "example"  # "Consider the case of Dunmore …"
    assert _role(m, 5, 0) == "definition"  # "I call this idea … meaning …"
    assert _role(m, 6, 0) == "concession"  # "Of course, late opening will not be easy."
    assert _role(m, 7, 1) == "conclusion"  # "Cities should therefore …", in the closing paragraph
    assert any(s.role == "thesis" for s in m.sentences)


def test_an_announced_list_gets_its_ordinal_items_and_a_later_reference_points_back() -> None:
    m = _map()
    announced = [e for e in m.enumerations if e.noun == "reasons" and e.paragraph == 2]
    assert len(announced) == 1 and announced[0].count == 3
    assert [i.text.split()[0:2] for i in announced[0].items] == [["The", "first"], ["The", "second"], ["Finally,", "late"]]
    later = [e for e in m.enumerations if e.paragraph == 7]
    assert later and [i.text for i in later[0].items] == [i.text for i in announced[0].items]
    first = m.get(2, 0)
    assert {(link.type, link.paragraph, link.index) for link in first.links} >= {("items", 2, 1), ("items", 2, 2),
                                                                                   ("items", 2, 3)}


def test_support_and_back_reference_links() -> None:
    m = _map()
    survey = m.get(3, 1)  # evidence supports the claim-like sentence it follows or the one before
    assert any(link.type == "supports" for link in survey.links)
    these = m.get(7, 0)  # "These three reasons still outweigh …" points back to where they were announced
    assert ("refers", 2, 0) in {(link.type, link.paragraph, link.index) for link in these.links}


def test_a_list_of_names_and_a_colon_list_are_lists_and_clauses_are_not() -> None:
    rows = [(1, 0, "The trade rose in Chile, Argentina, Brazil and Peru, to name a few exporting states."),
            (2, 0, "The plan has one aim: the city should fund the branch, which would help everyone."),
            (3, 0, "She named three goals: cheaper books, longer hours, and safer streets.")]
    found = {e.paragraph: e for e in find_enumerations(rows)}
    assert [i.text for i in found[1].items] == ["Chile", "Argentina", "Brazil", "Peru"] and found[1].noun == "states"
    assert 2 not in found  # a clause after a colon is not a list of things
    assert [i.text for i in found[3].items] == ["cheaper books", "longer hours", "safer streets"]


def test_the_map_round_trips_through_json_and_is_the_same_for_the_same_essay() -> None:
    m = _map()
    again = ArgumentMap.from_json(json.loads(json.dumps(m.to_json())))
    assert [(s.paragraph, s.index, s.role, s.links) for s in again.sentences] == \
        [(s.paragraph, s.index, s.role, s.links) for s in m.sentences]
    assert _map().to_json() == m.to_json()


def test_a_series_opened_mid_sentence_is_not_claimed_by_a_vague_count_before_it() -> None:
    """"Several districts now …" then "That means, first, …" and "Second, …": the series opens at
    "first", set off after a short lead-in; "several districts" has no second item to start from
    (the blind report-cards essay listed its three fixes under "2 districts", the first missing)."""
    rows = [(1, 0, "The answer is to fix grades, not to abolish them."),
            (2, 0, "Several districts now report two marks. That means, first, separating knowing from behaving."),
            (2, 1, "That means, first, separating knowing from behaving."),
            (3, 0, "Second, it means tying grades to published standards."),
            (4, 0, "Third, it means adding a short written comment.")]
    found = find_enumerations(rows)
    assert not [e for e in found if e.noun == "districts" and e.items]
    series = [e for e in found if len(e.items) == 3]
    assert len(series) == 1 and [i.text.split(",")[0] for i in series[0].items] == ["That means", "Second", "Third"]
    assert (series[0].paragraph, series[0].index) == (2, 0)  # filed under the sentence that introduces it


def test_an_announced_list_whose_items_each_open_a_section_keeps_them_all() -> None:
    """"There are three reasons" with the first in ¶2, the second in ¶5 and the third in ¶8 (each
    reason has its own paragraphs): FINAL-20's library essay was listed as "names two reasons"
    (judged blind: "she names three")."""
    rows = [(1, 0, "There are three reasons to keep the ferry."),
            (2, 0, "The first reason is safety at night."), (3, 0, "Nurses cross late."),
            (4, 0, "Cooks cross later still."), (5, 0, "The second reason is cost."),
            (6, 0, "Taxis cost four times as much."), (7, 0, "Buses stop at ten."),
            (8, 0, "The third reason concerns the harbour's own trade.")]
    (found,) = [e for e in find_enumerations(rows) if e.noun == "reasons"]
    assert [i.paragraph for i in found.items] == [2, 5, 8]
