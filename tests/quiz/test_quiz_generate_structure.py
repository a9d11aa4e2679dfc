"""Items from the forms argumentative essays use most, on essays made up here (issue 20, teacher
rounds 22-23): points named by a label ("The first is authorship: …"), lists of ways ("Exams can be
redesigned: …"), quoted terms glossed where they appear, corrections in one sentence, the
objections an essay answers, and what the studies it cites found. Each test fails without its rule;
none reads a seed essay."""

from __future__ import annotations

from quiz_support import FakeEncoder

from bot.corpus.essay import parse_essay
from bot.quiz.generation import ItemGenerator
from bot.quiz.generation.base import Generated
from bot.quiz.generation.lists import _clean
from bot.quiz.generation.sample import draw
from bot.quiz.items import QuizItem


def essay(body: str, *, title: str = "Rooms and Rules", slug: str = "rooms", author: str = "Nora Pell"):
    return parse_essay(f'---\ntitle: "{title}"\nauthor: "{author}"\n---\n\n{body}', slug=slug, name=f"{slug}.md")


def generate(body: str, kinds: tuple[str, ...], **kw) -> list[Generated]:
    gen = ItemGenerator([essay(body, **kw)], FakeEncoder().encode, kinds=kinds, meaning_max=1.0)
    return gen.generate().generated


def typed(items: list[Generated]) -> dict[str, QuizItem]:
    return {g.item.answer: g.item for g in items if g.item.kind == "short_answer"}


# -- lists -----------------------------------------------------------------------------------------

def test_points_named_by_a_label_are_asked_by_their_labels():
    """"There are three reasons. The first is authorship: only the hall can certify …": the points'
    labels are the answers; before, the series was whole sentences and no item was made."""
    body = ("Universities should keep the written paper for most of the final grade.\n\n"
            "There are three reasons to keep it. The first is authorship: only the exam hall can certify that the "
            "work is the student's own. The second is fairness: the anonymous script is the most impartial way to "
            "judge large numbers of people. The third is learning: preparing for an unseen paper makes students "
            "practise recall.\n")
    lists = typed(generate(body, ("list",)))
    item = lists.get("authorship")
    assert item is not None, sorted(lists)
    assert item.prompt.endswith("Name one of the three reasons.")
    assert {"fairness", "learning"} <= set(item.accepted)


def test_a_list_of_ways_is_asked_as_ways():
    body = ("Timed papers are hard on some students.\n\n"
            "Exams can be redesigned: fewer questions and more time, so that thinking decides the mark; typed rather "
            "than handwritten answers; papers split across two shorter sittings.\n")
    lists = typed(generate(body, ("list",)))
    item = lists.get("fewer questions and more time")
    assert item is not None, sorted(lists)
    assert item.prompt.endswith("Name one of the ways Pell says exams can be redesigned.")
    assert "papers split across two shorter sittings" in item.accepted


def test_labels_that_name_no_point_are_not_asked():
    """"three reasons: one ecological, one social, and one practical" accepted only the labels and
    refused a real reason (round 23: bad in one sample, weak in two)."""
    body = ("Large estates are buying upland farms.\n\n"
            "I oppose this trend for three reasons: one ecological, one social, and one practical.\n\n"
            "Three reasons also favour the farmers: grazing skills, local schools and the upland language.\n")
    lists = typed(generate(body, ("list",)))
    assert not [a for a in lists if a.startswith("one ")], sorted(lists)
    assert "grazing skills" in lists, sorted(lists)


def test_an_ordinal_subject_is_the_wrapper_not_the_point():
    """"The second stage reverses the burden of proof.", "what I will call shared custody": the
    accepted answers were raw sentence openers (round 23: "need cleaning up")."""
    assert _clean("The second stage reverses the burden of proof.")[0] == "reverses the burden of proof"
    assert _clean("The third stage is what I will call shared custody")[0] == "shared custody"
    assert _clean("The first concerns title.")[0] == "title"
    assert _clean("The first is authorship: only the hall can certify it")[0] == "authorship"


def test_a_series_with_two_firsts_is_two_series_not_one():
    """An essay's "First, a definition …" and its later "First, a shorter week …" were read as one
    series of four points and asked as one (a pool built for round 23)."""
    body = ("## The case\n\n"
            "Councils cannot fill their posts at the salaries they can afford today.\n\n"
            "First, a definition, because the phrase is used loosely by almost everyone in the debate.\n\n"
            "I make the case for three reasons. First, a shorter week is the cheapest tool an employer has for "
            "keeping staff. Second, the evidence from public trials suggests that output holds up well. Third, "
            "the public sector is where such an experiment can be measured most openly.\n\n"
            "## Elsewhere\n\n"
            "Utah offers a warning about getting the design of such schemes badly wrong.\n\n"
            "Bins are collected on schedule in most towns that publish their figures every month.\n\n"
            "Residents judge councils by how fast the phones are answered and the forms processed.\n\n"
            "Libraries in most cities now open late on Thursdays for working families.\n\n"
            "Parks departments report their spending to the finance committee every quarter.\n")
    prompts = [g.item.prompt for g in generate(body, ("list",)) if g.item.kind == "multiple_choice"]
    assert not [p for p in prompts if "four" in p], prompts
    assert [p for p in prompts if "sets out three reasons" in p], prompts


def test_one_word_labels_in_separate_sentences_are_not_a_list_to_name():
    """Round 26 (weak in all three samples): "my three reasons explain why. The first reason is
    economic. … The third reason is access." accepted only the labels."""
    body = ("Very few seed collections sit with firms, and my three reasons explain why. The first reason is economic. "
            "Firms keep what sells. The second reason is time. Collections need centuries. The third reason is access. "
            "Public banks share.\n")
    assert not typed(generate(body, ("list",)))


def test_a_bare_label_beside_a_glossed_one_is_not_a_list_to_name():
    """Teacher round 39 (bad): "Two objections come up every time this argument is made. The first
    is abuse: if a car park is free, … The second objection is environmental." accepted the bare
    word "environmental" for the second, never what the next sentence says it is."""
    body = ("Two objections come up every time this argument is made. The first is abuse: if a hospital car park is "
            "free, shoppers and students will fill it and there will be no room for patients. That is a fair worry. "
            "The second objection is environmental. Free parking, the argument goes, subsidises driving.\n")
    assert not typed(generate(body, ("list",)))


def test_a_verb_or_a_preposition_before_a_list_is_not_its_noun():
    """Round 25 (weak in all three samples): "Within parks such as Zion, Yosemite and Arches …" asked
    as "the within parks"; "more of it stays: the owner pays a bookkeeper, …" as "the it stays"."""
    body = ("When she spends it at an independent shop, more of it stays: the owner pays a local bookkeeper, the "
            "shop banks with a credit union, and the staff live nearby.\n\n"
            "Within parks such as Zion, Yosemite and Arches, the crowds gather on a handful of roads.\n\n"
            "Cities such as Lisbon, Porto and Vigo, to name just a few, protested the fees.\n")
    prompts = [i.prompt for i in typed(generate(body, ("list",))).values()]
    assert not [p for p in prompts if "it stays" in p.split("”")[-1] or "within parks" in p], prompts
    assert [p for p in prompts if p.endswith("Name one of the cities Pell lists there.")], prompts


# -- terms ---------------------------------------------------------------------------------------

def test_a_term_whose_head_word_is_in_the_title_is_not_asked():
    """Round 25 (weak in all three samples): "What does Varga call 'a means of payment issued by a
    community body'?" (local currency) in an essay titled "… Issue Their Own Currencies Again"."""
    body = ('By a "local currency" I mean a means of payment issued by a community body and spent only in town.\n\n'
            'By "leakage" I mean the share of each pound spent that leaves the town within a week.\n')
    terms = typed(generate(body, ("term",), title="Money That Stays: Why Towns Should Issue Their Own Currencies"))
    assert "local currency" not in terms, sorted(terms)


def test_a_quoted_term_glossed_where_it_appears_is_asked():
    body = ('Groups such as the Assessment Network argue that "authentic assessment", meaning tasks that look like '
            "professional work, teaches more than a timed paper.\n\n"
            'Campaigners call this the "100-80-100" model: full pay for eighty per cent of the time.\n')
    terms = typed(generate(body, ("term",)))
    assert terms["authentic assessment"].prompt == \
        "In Pell's essay, which term names “tasks that look like professional work”?"
    assert terms["100-80-100"].prompt == "In Pell's essay, which term names “full pay for eighty per cent of the time”?"


# -- claims --------------------------------------------------------------------------------------

def test_a_correction_in_one_sentence_is_asked():
    """"X is not A, but it is B" and "X is not A, but a B": the commonest form in the essays written
    after the kind was built (it read only "; it is …" and the next sentence's "It is …")."""
    body = ("The anonymous exam is not perfectly fair, but it is the format in which private advantages count "
            "for least.\n\n"
            "Free parking is not a gift, but a subsidy paid by people who do not drive.\n")
    claims = typed(generate(body, ("claim",)))
    fair = claims.get("the format in which private advantages count for least")
    assert fair is not None and fair.prompt.startswith("Pell writes that the anonymous exam is not perfectly fair."), claims
    assert "a subsidy paid by people who do not drive" in claims, sorted(claims)


def test_a_correction_keeps_the_last_item_of_its_series():
    """Round 24 (bad in two samples): the key "representative because voters authorised them, can
    watch them" left out "and can remove them", the point itself."""
    body = ("Elected members are not supposed to be a statistical sample. They are representative because voters "
            "authorised them, can watch them, and can remove them.\n")
    claims = typed(generate(body, ("claim",)))
    assert "representative because voters authorised them, can watch them, and can remove them" in claims, sorted(claims)


def test_a_stem_whose_object_is_in_another_sentence_is_not_asked():
    """Round 25 (weak in all three samples): "the strongest case against doing so", "Set against
    that, a fall in deaths is not a side benefit": what "so" and "that" are is said before."""
    body = ("Hospitals should publish each surgeon's results. The strongest case against doing so is that "
            "publication frightens surgeons away from the hardest operations.\n\n"
            "Set against that, a forty per cent fall in deaths is not a side benefit; it is the whole point of it all.\n\n"
            "The strongest case against publication is that surgeons will avoid the riskiest patients.\n")
    claims = typed(generate(body, ("claim",)))
    assert not [p for p in (i.prompt for i in claims.values()) if "doing so" in p or "against that" in p], \
        [i.prompt for i in claims.values()]
    assert "surgeons will avoid the riskiest patients" in claims, sorted(claims)


def test_an_objection_named_by_its_source_is_keyed_with_what_it_says():
    """Round 26 (bad in all three samples): "Now for the strongest objection. The agricultural
    economist Lena Marchetti put it most sharply in a 2017 paper. Her argument is that …" was keyed
    with the sentence that names Marchetti."""
    body = ("Governments should fund seed banks directly.\n\n"
            "Now for the strongest objection. The economist Lena Marchetti put it most sharply in a 2017 paper. "
            "Her argument is that public gene banks are poorly maintained in practice. The surveys bear her out.\n")
    claims = typed(generate(body, ("claim",)))
    assert claims.get("public gene banks are poorly maintained in practice") is not None, sorted(claims)
    assert not [a for a in claims if "Marchetti" in a], sorted(claims)


def test_a_correction_whose_head_is_empty_runs_on_past_its_colon():
    """Round 26 (bad in all three samples): "It is a more modest device: it controls what the judges
    know" was keyed "a more modest device"."""
    body = ("A blind audition is not a claim that music is pure sound. It is a modest device: it hides the player "
            "from the judges.\n")
    claims = typed(generate(body, ("claim",)))
    assert "a modest device: it hides the player from the judges" in claims, sorted(claims)


def test_an_objection_is_keyed_without_its_reporting_aside():
    """Round 25: "The national parks, the argument runs, belong to …" keyed with the aside."""
    body = ("Parks should ration entry by the hour.\n\n"
            "The strongest objection is simple: the parks, the argument runs, belong to every citizen equally.\n")
    claims = typed(generate(body, ("claim",)))
    assert "the parks belong to every citizen equally" in claims, sorted(claims)


def test_a_flourish_that_restates_its_subject_is_not_asked():
    """"Hidden costs are not lower costs; they are merely costs nobody weighs": kept 0 times of 18."""
    body = ("Hidden costs are not lower costs; they are merely costs nobody weighs at the counter.\n\n"
            "The quiet of a canyon and the sense of being small are not extras; they are what a park is for.\n")
    assert not typed(generate(body, ("claim",)))


def test_the_objections_an_essay_answers_are_asked():
    body = ("Councils should move to a four-day week on strict conditions.\n\n"
            "The strongest objection is simple: taxpayers would be paying the same for less. It deserves an answer.\n\n"
            "A second objection holds that shift workers cannot do the same work in less time.\n\n"
            "Now the strongest criticism, which I want to take seriously. Trials choose themselves and report "
            "only their successes.\n\n"
            "Now the main counterargument, which I accept in part. Some offices really are overstaffed.\n")
    claims = typed(generate(body, ("claim",)))
    assert claims["taxpayers would be paying the same for less"].prompt == "What is the strongest objection that Pell answers?"
    # "the second objection" asked the student to count (round 24); "in ¶3" named a paragraph students
    # never see (rounds 36-37, bad both times): with no reply of the author's to quote, it is not asked
    assert "shift workers cannot do the same work in less time" not in claims
    assert claims["Trials choose themselves and report only their successes"].prompt == \
        "What is the strongest criticism that Pell answers?"
    assert not [a for a in claims if "overstaffed" in a], sorted(claims)  # what the author grants


# -- evidence ------------------------------------------------------------------------------------

def test_what_a_cited_study_found_is_asked_with_the_study_as_the_essay_describes_it():
    body = ("Meetings eat the working week.\n\n"
            "A 2022 time-use study by the Northbridge Centre, which followed 1,400 office staff across nine cities, "
            "found that they spent eleven hours a week in meetings and judged a third of it useless.\n\n"
            "The museum had six million visitors in 2019, but a 2019 report by the Royal Society found that visa "
            "applicants from Africa were refused at twice the usual rate.\n\n"
            "She found that the heaviest users of print were children under ten and adults over seventy.\n")
    found = typed(generate(body, ("evidence",)))
    meetings = found["they spent eleven hours a week in meetings and judged a third of it useless"]
    assert meetings.prompt == "According to Pell, what did a 2022 time-use study by the Northbridge Centre find?"
    assert meetings.reference  # graded by meaning
    visas = found["visa applicants from Africa were refused at twice the usual rate"]
    assert visas.prompt == "According to Pell, what did a 2019 report by the Royal Society find?"
    assert not [a for a in found if "heaviest users" in a]  # "she" is named in another sentence


def test_an_opening_adverb_is_not_part_of_the_study_and_a_finding_too_long_is_not_cut():
    """Round 24: "what did Earlier, a randomised trial at the journal find?" (garbled in all three
    samples), and a key cut at 200 characters lost its unit ("between 2.5 and 4")."""
    long_tail = ", ".join(f"the {w} harbour lost {n} boats" for w, n in
                          [("north", 3), ("south", 4), ("east", 5), ("west", 6), ("old", 7), ("new", 8), ("inner", 9)])
    body = ("Earlier, a randomised trial at the Harbour Journal found that asking reviewers to sign did not change "
            "the quality of their reports.\n\n"
            f"A 2019 cost review by the Coastal Bank estimated that {long_tail}, over thirty years.\n")
    found = typed(generate(body, ("evidence",)))
    item = found.get("asking reviewers to sign did not change the quality of their reports")
    assert item is not None and item.prompt == "According to Pell, what did a randomised trial at the Harbour Journal find?"
    assert len(found) == 1, sorted(found)


# -- sampling ------------------------------------------------------------------------------------

def _made(kind: str, n: int, essay_slug: str = "rooms") -> Generated:
    item = QuizItem(id=f"gen-{kind}-{n:03d}", kind="short_answer", essay=essay_slug, paragraph=1,
                    prompt=f"{kind} question number {n}?", answer=f"{kind} answer {n}", difficulty="medium")
    return Generated(item, kind, 0.5, f"passage {kind} {n}", (essay_slug, n, 0 if kind == "list" else 1))


def test_the_kinds_teachers_kept_least_wait_until_the_others_run_out():
    """Kept by blind teachers: "which author argues" 4 of 44, who 4 of 24, evidence 6 of 18, cause 34
    of 68, against claim 37 of 46 and list 34 of 53; evidence 0 of 6 in round 25. While other kinds
    remain a sample takes no author, who or evidence items and at most 20% cause; when they run out,
    the capped kinds fill it only when the caller asks to fill (`--fill`): rounds 34-36 kept who 0
    of 9 and evidence 4 of 13, each drawn only to fill a sample."""
    pool = [_made("claim", n) for n in range(20)] + [_made("list", n + 100) for n in range(20)] + \
           [_made("who", n + 200) for n in range(20)] + [_made("author", n + 300) for n in range(20)] + \
           [_made("evidence", n + 400) for n in range(20)] + [_made("cause", n + 500) for n in range(20)]
    sample = draw(pool, 30, seed=7)
    kinds = [g.kind for g in sample]
    assert kinds.count("author") == 0 and kinds.count("who") == 0, kinds
    assert kinds.count("evidence") == 0 and kinds.count("cause") <= 6, kinds
    few = [_made("claim", n) for n in range(3)] + [_made("author", n + 300) for n in range(5)]
    assert [g.kind for g in draw(few, 6, seed=7)] == ["claim"] * 3  # a short sample, not a filled one
    small = draw(few, 6, seed=7, fill=True)
    assert [g.kind for g in small].count("author") == 3  # asked to fill: nothing else left, they fill it


# -- round 27 ------------------------------------------------------------------------------------

def test_a_question_the_essay_asks_and_answers_is_asked():
    """"Why do grades predict less well? Largely because of grade inflation, …": an essay's own
    question and its answer (an unseen essay gave no item at all, round 27)."""
    body = ("Universities should keep the admissions test.\n\n"
            "Why do school grades predict less well? Largely because of grade inflation, which has made the "
            "transcript a weaker signal every year.\n\n"
            "Why do some towns thrive? Partly because of their ports.\n")
    causes = typed(generate(body, ("cause",)))
    item = causes.get("grade inflation, which has made the transcript a weaker signal every year")
    assert item is not None and item.prompt == \
        "Pell asks: “Why do school grades predict less well?” What answer does Pell give?", sorted(causes)
    assert not [a for a in causes if "ports" in a]  # "partly": other answers are fair


def test_round_27_stems_and_keys():
    """Round 27: "whether the stands will still be full, and. Why?" (bad in all three); "the choice
    is real. Why?" (what choice); "bayern is not a charity" (a name lower-cased); "This brings me to
    the strongest objection, …" (not read as an objection's heading)."""
    body = ("Clubs should belong to their supporters, as Bayern and Benfica do.\n\n"
            "Owners only ask whether the stands will still be full, and because fans cannot go elsewhere they "
            "usually are.\n\n"
            "The choice is real because heat budgets are small in every city we studied.\n\n"
            "Bayern is not a charity; it is among the richest clubs in the world.\n\n"
            "This brings me to the strongest objection, and it deserves a full hearing. Supporters cannot raise "
            "the money a modern club needs.\n")
    items = typed(generate(body, ("cause", "claim")))
    prompts = [i.prompt for i in items.values()]
    assert not [p for p in prompts if "and. Why" in p or "full, and" in p or "choice is real" in p], prompts
    assert "Pell writes that Bayern is not a charity. What is it, according to Pell?" in prompts, prompts
    assert items["Supporters cannot raise the money a modern club needs"].prompt == \
        "What is the strongest objection that Pell answers?"


def test_a_finding_with_an_ing_aside_or_a_perfect_tense_reads_whole():
    body = ("Street trees cool cities.\n\n"
            "The University of California's faculty task force, reporting in early 2020, concluded that scores "
            "predicted first-year grades at every campus.\n\n"
            "Researchers modelling Phoenix have estimated that waste heat from air conditioners raises night "
            "temperatures by two degrees.\n")
    prompts = {i.answer: i.prompt for i in typed(generate(body, ("evidence",))).values()}
    assert prompts["scores predicted first-year grades at every campus"] == \
        "According to Pell, what did the University of California's faculty task force conclude?", prompts
    assert "have estimate" not in prompts.get(
        "waste heat from air conditioners raises night temperatures by two degrees", ""), prompts


def test_a_definition_that_opens_with_how_is_asked_unless_an_aside_cuts_it():
    whole = 'By "predictive validity" I mean how well a measure taken before admission forecasts later grades.\n'
    assert typed(generate(whole, ("term",)))["predictive validity"].prompt == \
        "What does Pell call “how well a measure taken before admission forecasts later grades”?"
    cut = 'By "predictive validity" I mean how well a measure, taken before admission, forecasts later grades.\n'
    assert "predictive validity" not in typed(generate(cut, ("term",)))


def test_a_described_thing_or_a_list_of_fragments_is_no_list_to_name():
    """Round 29 (bad in all three samples): "permanent night teams: standing, volunteer teams of
    doctors who work nights, supported by senior clinicians" (one team described) and "the worst
    possible conditions: exhausted, unsupervised and, crucially, without feedback" (fragments)."""
    body = ("Hospitals should staff the night with permanent night teams: standing, volunteer teams of doctors who "
            "work nights as their contracted pattern, supported by senior clinicians on site.\n\n"
            "Trainees learn judgement at night in the worst possible conditions: exhausted, unsupervised and, "
            "crucially, without feedback.\n\n"
            "Cities such as Lisbon, Porto and Vigo, to name just a few, protested the fees.\n")
    lists = typed(generate(body, ("list",)))
    assert not [a for a in lists if a in ("standing", "exhausted", "crucially")], sorted(lists)
    assert "Lisbon" in lists, sorted(lists)


def test_an_only_before_because_is_not_asked_as_a_hedge():
    """Round 29: "… kept going. Why, only, according to Marwick?" (garbled in all three samples)."""
    body = "Zoo herds in Europe kept going only because new animals were taken from the wild every decade.\n"
    prompts = [i.prompt for i in typed(generate(body, ("cause",))).values()]
    assert prompts and not [p for p in prompts if "only," in p], prompts
