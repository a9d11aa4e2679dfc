"""Question understanding without the model: spelling, language, named essays, answer kind,
follow-ups and terms. Each table is written from how learners type, and the essays used are
made up here as well as the seeds, so nothing depends on the two seed essays' names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.essay import load_essay_dir, parse_essay
from bot.tutor.conversation import followup
from bot.tutor.intent import classify, definition_term, paragraph_ref
from bot.tutor.language import foreign_language
from bot.tutor.scope import topic_of
from bot.tutor.scopes import Scope
from bot.tutor.terms import find_term, missing_in

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
RANA, WALT = "rana-left-internationalism", "walt-socialists-libertarians"
TIDES = "tides-of-the-little-sea"

UPLOAD_TEXT = """---
title: "Tides of the Little Sea"
short_title: "Tides"
author: "Jane Q. Little"
---

# Tides of the Little Sea

Fishing villages on the coast depend on the spring tide. The harbourmaster keeps a ledger.

Little argues that the ledger is a form of memory, what she calls "tidekeeping."

Jane Little teaches at Example University and is the author of Salt Roads.
"""
UPLOAD = parse_essay(UPLOAD_TEXT, name="tides.md")


@pytest.fixture(scope="module")
def seeds():
    return load_essay_dir(SEEDS)


@pytest.fixture(scope="module")
def scope(seeds):
    return Scope(seeds, ())


@pytest.fixture(scope="module")
def mixed():
    return Scope(load_essay_dir(SEEDS) + [UPLOAD], ())


@pytest.mark.parametrize("typed,meant", [
    ("what does rana say about sanctoins on russia", "what does rana say about sanctions on russia"),
    ("what is creedalizm", "what is creedalism"),
    ("why do libertarains hate liberal hegemony", "why do libertarians hate liberal hegemony"),
    ("who is peter beinhart", "who is peter beinart"),
    ("whats the interegnum", "what's the interregnum"),  # chat spellings written out, silently
    ("gabriel borik chile", "gabriel boric chile"),  # Boric, not Boris: the other words decide
    ("what does rana say abt the secuirty budget", "what does rana say about the security budget"),
])
def test_typos_are_corrected_towards_the_essays_words(scope, typed, meant):
    assert scope.vocabulary.correct(typed).text == meant


@pytest.mark.parametrize("text", [
    "how do i make sourdough",  # English words the essays do not use
    "whats a good laptop for college",
    "tl;dr pls",  # chat words
    "How did Brexit affect the British economy?",  # a name typed capitalised, meant as typed
    "What did Karl Marx write in Das Kapital?",
    "explain quantum entanglement",
])
def test_real_words_and_capitalised_names_are_left_alone(scope, text):
    assert not scope.vocabulary.correct(text).changed


@pytest.mark.parametrize("text,language", [
    ("¿Qué dice Walt sobre los libertarios?", "Spanish"),
    ("Qu'est-ce que Rana pense de l'OTAN ?", "French"),
    ("Was sagt Walt über die Realisten?", "German"),
    ("O que Rana diz sobre a Ucrânia?", "Portuguese"),
    ("Cosa pensa Rana delle sanzioni?", "Italian"),
    ("Rana はウクライナについて何と言っていますか？", "Japanese"),
])
def test_other_languages_are_recognised(scope, text, language):
    assert foreign_language(text, scope.vocabulary) == language


@pytest.mark.parametrize("text", [
    "Kosovo", "realism?", "Cato", "gramsci", "explain quantum entanglement", "define interregnum",
    "neoconservtives", "walt on china", "rana paragraph 44", "what does rana say abt the secuirty budget",
])
def test_short_or_misspelt_english_is_not_taken_for_another_language(scope, text):
    assert foreign_language(text, scope.vocabulary) is None


@pytest.mark.parametrize("question,named,topic", [
    ("What does Walt say about the national security state?", [WALT], "the national security state?"),
    ("walt on china", [WALT], "china"),
    ("walts view on globalization", [WALT], "globalization"),
    ("does walt talk about climate change", [WALT], "climate change"),
    ("what is threat deflation according to walt", [WALT], "what is threat deflation"),
    ("Summarize Rana's essay", [RANA], "Summarize"),
    ("How do Rana and Walt differ on NATO?", [RANA, WALT], None),
    ("whats the main point of left internationalism in the heart of empire", [RANA], None),  # full title
    ("whats the thesis of the socialists and libertarians piece", [WALT], None),  # short title, framed
    ("why do socialists and libertarians want to cooperate", [], None),  # the same words as a topic
])
def test_essays_named_by_author_or_title(scope, question, named, topic):
    mentions = scope.names.find(question)
    assert scope.names.named(question) == named
    if topic is not None:
        assert topic_of(question, mentions) == topic


def test_other_essay_is_a_mention_without_an_essay(scope):
    for text in ("what about the other essay?", "and in the other one?", "and the other?"):
        mentions = scope.names.find(text)
        assert [m.how for m in mentions] == ["other"] and mentions[0].slug == ""
    assert scope.names.find("what about the other groups") == []


def test_an_uploaded_essay_is_named_the_same_way_and_common_surnames_need_a_frame(mixed):
    assert mixed.names.named("what does Little say about tides") == [TIDES]
    assert mixed.names.named("what does jane little say about tides") == [TIDES]
    assert mixed.names.named("according to little, what is tidekeeping") == [TIDES]
    assert mixed.names.named("littles argument") == []  # "little" is everyday English: no frame, no scope
    assert mixed.names.named("is there a little bit about ukraine") == []
    assert mixed.names.named("summarize the tides essay") == [TIDES]


@pytest.mark.parametrize("question,intent", [
    ("Summarize Rana's essay", "summary"), ("What is Rana's essay about?", "summary"),
    ("What is Walt's main argument?", "summary"), ("tl;dr of the walt essay", "summary"),
    ("what is walt arguing for", "summary"), ("Why did Walt write this essay?", "summary"),
    ("Compare Rana and Walt", "comparison"), ("How do Rana and Walt differ on NATO?", "comparison"),
    ("how do the two essays see ukraine", "comparison"), ("do both essays talk about libertarians", "comparison"),
    ("What is a non-reformist reform?", "definition"), ("realism?", "definition"), ("Cato", "definition"),
    ("who is adam tooze", "definition"), ("define interregnum", "definition"),
    ("show me paragraph 10 of walt", "paragraph"), ("read ¶2 of Walt's essay", "paragraph"),
    ("rana paragraph 44", "paragraph"), ("first paragraph of rana's essay", "paragraph"),
    ("where does rana work", "author"), ("who is aziz rana", "author"),
    ("who wrote the essay about socialists and libertarians", "author"), ("when was walt's essay published", "author"),
    ("what year did walt write his essay", "author"),
    ("why do libertarians dislike liberal hegemony", "why"), ("how did liberal hegemony fail according to walt", "why"),
    ("who wrote the op ed in the nyt", "answer"),  # about the essay's content, not its author
    # the author as a person, whatever follows (FINAL-50, judged blind)
    ("Who is the author exactly? Do they work for the university?", "author"), ("is walt a he or she btw", "author"),
    ("what does walt say about obama", "answer"), ("which countries did the us back dictators in", "answer"),
    # FINAL-23, judged blind: both refused as topics the essay "doesn't discuss"
    ("the walt one is confusing af what is he even saying", "summary"), ("parking essay whats her deal", "summary"),
    # FINAL-26: "it might not work" is no question about where he works (it got his biography)
    ("does rana admit it might not work", "answer"), ("what other works has rana written", "author"),
])
def test_the_kind_of_answer_a_question_wants(scope, question, intent):
    assert classify(question, scope.names.find(question), 2).intent == intent


@pytest.mark.parametrize("text,number", [
    ("show me paragraph 10 of walt", 10), ("¶36 rana", 36), ("para 1 of the rana essay", 1),
    ("pls show paragraph three of it", 3), ("the last paragraph", -1), ("second paragraph", 2),
])
def test_paragraph_references(text, number):
    assert paragraph_ref(text).number == number


@pytest.mark.parametrize("text,term", [
    ("What is a non-reformist reform?", "non-reformist reform"), ("whats threat deflation", "threat deflation"),
    ("what does pax americana mean here", "pax americana"), ("realism?", "realism"), ("lend lease", "lend lease"),
    ("what does mean by multipolarity", "multipolarity"), ("why do libertarians dislike liberal hegemony", None),
])
def test_definition_terms(text, term):
    assert definition_term(text) == term


@pytest.mark.parametrize("text,kwargs,kind", [
    ("why?", {}, "more"), ("tell me more", {}, "more"), ("why does that matter for foreign policy", {}, "more"),
    ("and the socialists?", {}, "shift"), ("what does he want", {}, "more"),
    ("what about the other essay?", {"other": True}, "other"),
    ("what does rana say about it?", {"named": 1, "topic_words": 0}, "switch"),
    ("give an example", {}, "example"), ("for instance?", {}, "example"), ("any examples pls", {}, "example"),
    ("explain that more simply", {}, "simpler"), ("i dont get it", {}, "simpler"),
    ("Why did Walt write this essay?", {"named": 1, "topic_words": 2, "self_contained": True}, "fresh"),
    ("who said that's financing a total war", {}, "fresh"),  # a complete question of its own
    ("walt on china", {"named": 1, "topic_words": 1}, "fresh"),  # names an essay and a topic
])
def test_followups(text, kwargs, kind):
    assert followup(text, has_context=True, **kwargs) == kind
    assert followup(text, has_context=False, **kwargs) == "fresh"


def test_terms_are_found_by_phrase_words_or_close_form(scope):
    assert {(o.essay, o.paragraph) for o in find_term(scope, "Kosovo")} == {(RANA, 31)}
    assert {o.paragraph for o in find_term(scope, "bosnia")} == {31}  # "Bosnians"
    assert {o.paragraph for o in find_term(scope, "lend lease")} == {27}  # "lend-lease"
    assert {o.how for o in find_term(scope, "realism")} == {"close"}  # the essays say "realists"
    assert find_term(scope, "filibuster") == [] and find_term(scope, "keynesian economics") == []
    assert find_term(scope, "Cornell") == []  # only in the author's bio, which is not content


def test_what_the_named_essay_never_mentions(scope):
    assert missing_in(scope, "offshore balancing", [RANA]) == ["offshore balancing"]
    assert missing_in(scope, "NATO", [WALT]) == ["NATO"]
    assert missing_in(scope, "the national security state", [WALT]) == []  # both essays use it
    assert missing_in(scope, "coalition struggle to run foreign policy", [WALT]) == []  # ordinary words


def test_an_essay_id_that_is_an_everyday_word_scopes_the_question_and_its_frame_goes_with_it():
    """An essay added from "fruit.md" is named by "fruit", and "the fruit essay" goes from the topic
    whole ("what does the fruit essay say about volunteers" is about volunteers; cutting the id
    alone left "what does the volunteers"). Keeping the id in the topic was tried and not kept
    (`frame.topic_text`: worse in 4 turns of FINAL-24 and FINAL-25, judged blind, paired)."""
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))
    from sample_essays import ORCHARDS

    from bot.tutor.frame import parse

    fruit = parse_essay(ORCHARDS, slug="fruit", name="fruit.md")
    scope = Scope([fruit, parse_essay(UPLOAD_TEXT, name="tides.md")], ())
    named = parse("what does the fruit essay say about volunteers", scope, None, None)
    assert named.essays == ["fruit"] and named.topic == "volunteers"
    bare = parse("how many fruit trees did the councils keep alive", scope, None, None)
    assert bare.essays == ["fruit"]


def test_which_essays_paragraph_is_read_off_content_words_only():
    from bot.tutor.handlers.paragraph import question_words

    words = question_words("walk me through the denmark maths in para 10 step by step")
    assert "denmark" in words and "through" not in words and "para" not in words


def test_a_title_called_by_its_content_words_names_the_essay_only_in_a_naming_frame():
    """"the shelf commons" for "The Shelf Is the Commons" (FINAL-26: a student's usual name for an
    essay, unread as one): after "the", before a verb of saying or the essay's noun; after "in the"
    also before a break. "how do you mend village wells" stays a question about wells."""
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))
    from sample_essays import MARKETS, WELLS

    from bot.tutor.frame import parse

    wells = parse_essay(WELLS, name="fenby-wells.md")
    scope = Scope([wells, parse_essay(MARKETS, name="calloway-markets.md")], ())
    said = parse("does the mend village wells say anything about standpipes", scope, None, None)
    assert said.essays == [wells.slug] and said.topic_words() == ["standpipes"]
    assert parse("weakest evidence in the mend village wells?", scope, None, None).essays == [wells.slug]
    assert parse("how do you mend village wells", scope, None, None).essays == []
    assert parse("is the mend village wells idea cheap", scope, None, None).essays == []
    # in another form, after "the essay about" (FINAL-29: "the essay about keeping the exam hall"
    # named no essay, and its summary was every essay's)
    assert parse("we start on the essay about mending the village wells, a short summary please", scope, None,
                 None).essays == [wells.slug]
    assert parse("how do you go about mending village wells", scope, None, None).essays == []
