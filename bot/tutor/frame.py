"""The question frame: what a question asks, parsed once, before any answer is chosen.

    request    how to answer: explain simply, in N sentences, N points, a list, yes/no, for or
               against, an objection, the evidence, an example, why, which paragraph (`requests`)
    topic      what about: the question without essay names, request words and scaffolding
               ("what does … say about", "according to", "in the essay")
    things     the named things (people, organisations, places, works, years, quoted phrases),
               each looked up in the essays in scope: mentioned or never mentioned (`named`)
    essays     the scope the question sets itself: essays named by author or title, "both
               essays" (all of them), or the explicit essay option; [] when it sets none
    follow     how it relates to the last answer (`conversation.followup`): fresh, more, shift,
               other, switch, example, simpler, or where ("which paragraph is that?")

Request words are never the topic, and an explicit scope ("summarize both essays") always wins
over the conversation's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.corpus.essay import Essay
from bot.stopwords import PASSAGE_KIND_WORDS
from bot.text import typed_sentences
from bot.tutor.conversation import Turn, followup
from bot.tutor.intent import Understood, classify, content_words
from bot.tutor.named import Thing, find_things
from bot.tutor.readings import stated_reading
from bot.tutor.requests import Request, number_word, parse_request, without_spans
from bot.tutor.scope import _SCAFFOLD, Mention
from bot.tutor.scopes import Scope, stems

_REFERENTIAL = {"it", "its", "that", "this", "those", "these", "they", "them", "he", "she", "him", "her", "same",
                "there", "then", "his", "their", "hers", "theirs"}
_ALL_ESSAYS = re.compile(r"\b(?:both|the\s+two|all\s+(?:the\s+)?|each|every)\s+(?:essays|authors|writers|articles|"
                         r"pieces|texts|readings|of\s+them|guys)\b|\b(?:both|each)\s+(?:essay|author|writer|article|"
                         r"piece)\b|\bboth\s+of\s+them\b|\beither\s+of\s+them\b|\b(?:do|did|does)\s+both\b|"
                         r"\b(?:each|all|every|both|any|none|which)\s+of\s+the\s+(?:two|three|four|five|six)\b|"
                         r"\ball\s+(?:two|three|four|five|six)\b|\bthe\s+(?:two|three|four|five|six)\s+(?:essays|authors|"
                         r"writers|articles|readings|texts|pieces)\b", re.I)
# "varga and the other two": the essay named and every other one
_COUNTED_ESSAYS = re.compile(r"\b(?:both|either|neither|the\s+two|of\s+the\s+two|the\s+(?P<n>three|four|five|six))\b", re.I)

_PASSAGE_KIND = re.compile(r"\b(?:" + "|".join(sorted(PASSAGE_KIND_WORDS, key=len, reverse=True)) + r")\b", re.I)
# Words that only say which one of a requested thing ("the strongest counter arg", "a quotable line")
REQUEST_FILLER = {"strongest", "best", "main", "biggest", "key", "good", "one", "quick", "again", "top",
                   "real"} | PASSAGE_KIND_WORDS


def _request_only(text: str, request: Request) -> bool:
    """Whether a message is a request with nothing of its own to be about: a study task ("key terms",
    "quotable line") or an argument role ("counter"), and no other content word."""
    from bot.tutor.handlers.study import without_tasks  # the handlers import this module's callers

    rest = without_tasks(text)
    if rest == text and not request.explicit:
        return False
    return not [w for w in content_words(rest) if w not in REQUEST_FILLER]


def essay_count(text: str) -> int | None:
    """How many essays "both", "the two", "the three …" mean; None for "all", "each", "every"."""
    found = _COUNTED_ESSAYS.search(text)
    if found is None:
        return None
    return number_word(found.group("n")) if found.group("n") else 2


_OTHERS = re.compile(r"\b(?:the\s+)?other\s+(?:two|three|four|five|essays|authors|writers|readings|texts|articles)\b",
                     re.I)
_POINTS_BACK = re.compile(r"\b(?:that|this|it|he|she|they|him|them|his|her|their|there|those|these)\b", re.I)
_OTHER_SIDE = re.compile(r"\b(?:the\s+)?other\s+(?:side|guys|group|groups|camp|ones?|team|view|party|parties)\b|"
                         r"\bthe\s+(?:opposite|opposing)\s+(?:side|view|camp)\b", re.I)
_SAME = re.compile(r"\b(?:the\s+(?:exact\s+)?same(?:\s+(?:thing|for|question|here|way))?|same\s+(?:for|with|"
                   r"question|thing)|likewise|as\s+well|too\?|(?:what|how)\s+about\s+(?:him|her|them))\b", re.I)
# Words that say nothing of a topic in a follow-up ("now the rana please, maybe 8 lines").
GENERIC_WORDS = {"say", "says", "said", "saying", "mean", "means", "meant", "use", "uses", "used", "exactly", "want",
                 "wants", "think", "thinks", "thanks", "thank", "now", "please", "maybe", "longer", "shorter", "lines",
                 "line", "nice", "great", "cool", "actually", "really", "also", "again", "more", "else", "one", "ones",
                 "thing", "things", "stuff", "part", "bit", "point", "talk", "talks", "talking", "write", "writes",
                 "wrote", "argue", "argues", "claim", "claims", "much", "okay", "yes", "yeah", "right", "sure",
                 "good", "interesting", "got", "get", "understand", "understood", "see", "explain", "tell", "give",
                 "gimme", "show", "need"}
_MEANING = re.compile(r"\b(?:what\s+(?:does|do|did)\s+(?:that|it|this|the\s+word|the\s+term)\s+mean|mean(?:s|ing)?\b|"
                      r"what'?s\s+(?:that|this|the|a|an)\b|whats\s+(?:that|this|the|a|an)\b|what\s+(?:is|are|was|were)\b|"
                      r"who'?s|whos|who\s+(?:is|was|are|were)|define|definition|stand\s+for|explain\s+(?:the|what))", re.I)
# "why should anyone buy it if he says…", "another example from the same essay", "in this text":
# the author or the essay the conversation is on
_PERSON_BACK = re.compile(r"\b(?:he|she|his|him|her|hers|the\s+(?:author|writer)|(?:the\s+)?same\s+(?:essay|text|article|"
                          r"piece|reading|author|writer|one)|(?:this|that)\s+(?:essay|text|article|piece|reading))\b", re.I)
# what points at the passage just shown: "that", "this", "it" as the subject or object of the
# question, "the (whole) paragraph", "the same example"
_POINTS_AT_PASSAGE = re.compile(r"\b(?:that|this|it|those|these)\b(?!\s+(?:essay|text|article|piece|reading|"
                                r"author|writer)s?\b)|\bthe\s+(?:whole\s+|same\s+)?(?:paragraph|passage|quote|"
                                r"example|case|figures?|numbers?|sentence|bit|part)\b", re.I)
_QUESTION_LEAD = re.compile(r"^\s*(?:(?:so|ok|okay|and|but|wait|also|hmm|like|hey)\s*,?\s+)*", re.I)


@dataclass
class Frame:
    text: str
    mentions: list[Mention]
    essays: list[str]
    understood: Understood
    topic: str
    follow: str
    request: Request = field(default_factory=Request)
    things: list[Thing] = field(default_factory=list)
    scope_from: str = ""  # named | all | option | conversation | thing (the essay naming its names) | ""
    reference: bool = False  # points at the last answer ("that", "he", "the other side")
    core: str = ""  # the question without its request words
    setting: bool = False  # its names are only the asker's setting (`Pipeline._names_as_setting`)
    in_bio: str = ""  # what it asks about, named only in an essay's note on its author (`_named_in_bio`)

    @property
    def query(self) -> str:
        """What retrieval searches: the topic when it says something, else the question. Words for
        the kind of passage wanted ("her justice argument") are left out when the topic has other
        words: the search found paragraphs that say "my argument" rather than the one on justice."""
        words = content_words(self.topic)
        if not words:
            return self.core or self.text
        if any(w.lower() not in PASSAGE_KIND_WORDS for w in words) and any(w.lower() in PASSAGE_KIND_WORDS for w in words):
            return " ".join(_PASSAGE_KIND.sub(" ", self.topic).split())
        return self.topic

    def topic_words(self) -> list[str]:
        return [w for w in content_words(self.topic) if w not in _REFERENTIAL]

    def unmentioned(self) -> list[Thing]:
        return [t for t in self.things if not t.mentioned]


BRIEF_COUNT = 2  # sentences a bare "shorter" after a turn asks for


def _shared_by_conversation(mentions: list[Mention], previous: Turn | None) -> list[Mention]:
    """A name several essays' authors share and the question's words did not settle
    (`EssayNames.find` keeps a mention per essay): the one the conversation is reading, when it
    reads exactly one of them."""
    if previous is None:
        return mentions
    spans: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        spans.setdefault((m.start, m.end), []).append(m)
    shown = set(previous.essays_shown())
    out = []
    for ms in spans.values():
        current = [m for m in ms if m.slug in shown]
        out += current if len(ms) > 1 and len(current) == 1 else ms
    return sorted(out, key=lambda m: m.start)


# "ok forget ukraine. what does he want the left to actually DO", "All right, set the numbers aside.
# What does he actually want instead of the tax?": what the learner puts aside is no topic (s23's
# first run, judged blind: answered with the Ukraine paragraphs and with the figures). An imperative
# at the start of a clause only: "I forget what he said about X" asks about X.
_SET_ASIDE = re.compile(r"(?:^|(?<=[.,;!?]\s)|\b(?:ok(?:ay)?|so|and|but|now|right|alright|all\s+right),?\s+)"
                        r"(?:(?:forget|ignore|skip)\s+(?:about\s+)?(?:the\s+)?[^.,;!?]{2,40}?|"
                        r"never\s*mind\s+(?:about\s+)?(?:the\s+)?[^.,;!?]{2,40}?|"
                        r"(?:set|put|leave)\s+(?:the\s+|that\s+|those\s+|all\s+)?[^.,;!?]{2,30}?\s+aside(?:\s+for\s+now)?)"
                        r"\s*(?=[.,;!?]|$)", re.I)


def set_aside(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of what the learner says to leave out ("forget ukraine", "set the numbers aside")."""
    return tuple(m.span() for m in _SET_ASIDE.finditer(text))


def parse(text: str, scope: Scope, previous: Turn | None, essay: str | None) -> Frame:
    full_mentions = [m for m in scope.names.find(text) if not m.slug or m.slug in scope.by_slug]
    # How to answer is read with the essays' names masked: "the statistics essay" names an essay,
    # it asks for no figures (FINAL-45, judged blind: three such turns got "The figures … gives")
    request = parse_request(_names_masked(text, full_mentions))
    asker = tuple((a, b) for a, b in about_the_asker(text) if not any(a < m.end and m.start < b for m in full_mentions))
    stripped = without_spans(text, request.spans + asker + set_aside(text))
    core = stripped or text
    mentions = _shared_by_conversation([m for m in scope.names.find(core) if not m.slug or m.slug in scope.by_slug],
                                       previous)
    named = list(dict.fromkeys(m.slug for m in mentions if m.slug))
    scope_from = "named" if named else ""
    if not named and _ALL_ESSAYS.search(text) and len(scope.essays) > 1:
        named, scope_from = [e.slug for e in scope.essays], "all"
        # "both", "the two", "which of the two" in a conversation about two essays of five: those two
        # (FINAL-20, judged blind: "Which of the two is more realistic?" after a Walt-and-Rana turn
        # quoted all five essays)
        counted = essay_count(text)
        shown = [slug for slug in (previous.essays_shown() if previous is not None else []) if slug in scope.by_slug]
        if counted is not None and counted < len(scope.essays) and len(shown) == counted:
            named = shown
    elif named and _OTHERS.search(text) and len(scope.essays) > len(named):
        named += [e.slug for e in scope.essays if e.slug not in named]
    if essay is not None and not named:
        named, scope_from = [essay], "option"
    if not named and len(scope.essays) > 1:
        described = described_essay(core, scope)
        if described:
            named, scope_from = [described], "named"
    # The shape is read off the whole question ("tl;dr walt" is a summary), a term off the
    # question without its request words ("what does X mean, explain like im 5" asks about X).
    understood = classify(text, full_mentions, len(scope.essays))
    if understood.intent == "definition":
        # an essay's id inside the term ("what is a parking benefit district" in parking.md's
        # essay) is part of the term, not the essay's name
        understood = classify(core, [m for m in mentions if not (m.how == "slug" and not
                                                                  _NAMING_NOUN.match(core[m.end:]))],
                              len(scope.essays))
    if understood.intent == "comparison" and not named and previous is not None and not _ESSAYS_AS_SET.search(text):
        # "is not a bit unfair to compare? the people who took statistics is a different group": a
        # comparison inside the conversation's essay, not of the essays (FINAL-45, judged blind: the
        # four essays side by side, three "nothing came close")
        context = previous.essays_shown()
        if len(context) == 1:
            understood, named, scope_from = Understood("answer"), context, "conversation"
    if request.shape == "summary_points" and understood.intent not in ("comparison", "paragraph", "author"):
        understood = Understood("summary")
    topic = topic_text(_only_reading(core), mentions)
    if previous is not None and not content_words(stripped):
        # Only how to answer, in a conversation: "Simpler please, a couple of sentences I could say
        # out loud in class." asks for the last answer again, in that form; its words are no topic
        # (FINAL-20, judged blind: refused as a new question about classes)
        topic = ""
        if request.brief and request.count is None and request.shape == "answer":
            # "shorter pls", "too long, shorter": the last answer cut down, as "in 2 sentences"
            # would (FINAL-23, judged blind: "shorter pls" was "Rana's essay doesn't discuss shorter")
            request = replace(request, count=BRIEF_COUNT)
    if previous is not None and previous.kind == "definition" and understood.intent != "definition":
        # "and 'offshore balancing'?" after "what does walt mean by restraint?": the next term, defined
        # the same way (FINAL-45, judged blind: the last passage again, with no word that it is not
        # defined)
        more = _AND_TERM.match(core)
        if more and 0 < len(content_words(more.group("term"))) <= MAX_NEXT_TERM_WORDS:
            understood = Understood("definition", term=more.group("term").strip(" '\"“”‘’"))
    if understood.intent == "definition" and understood.term and (named or previous is not None) and \
            set(content_words(understood.term)) <= _ROLE_NOUNS:
        # "whats rana's solution", "what is walt's plan": the author's own, not the word's meaning
        # (FINAL-45 dev: "Rana uses “solution” without defining it", over a sentence on diplomacy)
        understood = Understood("answer")
    if understood.intent == "definition" and not understood.term:
        understood = Understood("answer")
    if understood.intent in ("answer", "definition") and len(named) == 1 and scope_from == "named" and previous is None \
            and request.shape == "answer" and (request.count or request.brief or not (
                request.explicit or request.roles or request.polar)) and not content_words(topic):
        # "parking essay in one sentence", "walt in 2 lines": an essay and a length, nothing else;
        # quoted by nearest passage it led with a sub-point (FINAL-20, judged blind); and the essay
        # alone, to begin with ("sugar tax essay" got its paragraph of definitions: s23, read)
        understood = Understood("summary")
    part = _part_words(topic, text, scope, named) if understood.intent == "summary" and request.shape != "summary_points" \
        else []
    if part:
        # "summarize rana on ukraine", "carnegie bit in the library essay, quick summary", "the parking
        # essay's fairness argument in short": that part of the essay, briefly, not the whole essay
        # (FINAL-27/28, judged blind: four such turns got the essay's thesis and missed the part);
        # searched by the part's words alone ("he seems to go back and forth" found "go back")
        understood = Understood("answer")
        if _SUMMARY_ASKED.search(core) and not stated_reading(core):
            topic = " ".join(part)
        if request.count is None:
            request = replace(request, brief=True)
    if understood.intent == "summary" and _PROGRAMME_ASKED.search(core):
        # "Can you summarize her three-part plan with all the numbers?": the plan, not the essay
        understood = Understood("answer")
    things = find_things(core, scope, mentions, named or None)
    if not named and len(scope.essays) > 1 and understood.intent not in ("comparison", "summary", "author"):
        owner = _owner(things)
        if owner is not None:
            named, scope_from = [owner], "thing"
        elif _POSSESSOR.search(core):
            # "her three-part plan": "her" needs an owner, and the one essay that says "three-part
            # plan" is it, as if named (FINAL-48, judged blind: all six essays' theses)
            owners = {e for th in things if th.mentioned and th.kind in ("phrase", "term", "quote")
                      for e, _, _ in th.places}
            if len(owners) == 1:
                named, scope_from = [owners.pop()], "named"
    bio, in_bio = _named_in_bio(core, scope, named), ""
    if bio is not None and understood.intent != "author":
        # "rana's book 'the two faces of american freedom', whats that about": a work the essay names
        # only in its note on the author; that note is all there is (FINAL-38, FINAL-39, judged blind:
        # five such turns quoted passages of the essay as if they described the book)
        understood, named, scope_from = Understood("author"), [bio[0]], scope_from or "thing"
        in_bio = bio[2]
    asked = [th for th in things if th.kind in ("term", "name", "quote") and th.mentioned]
    if len(asked) == 1 and _asks_meaning_of(core, asked[0]) and understood.intent in ("answer", "definition", "why",
                                                                                        "paragraph"):
        # "rana keeps saying interregnum, wat does that mean", "who's afinogov, the socialist forum guy"
        understood = Understood("definition", term=asked[0].text.strip(" '\"“”‘’"))
    topic_words = [w for w in content_words(topic) if w not in _REFERENTIAL]
    self_contained = understood.intent in ("summary", "comparison", "paragraph", "author") or scope_from == "all"
    follow: str = followup(text, has_context=previous is not None, named=len(named) if scope_from == "named" else 0,
                      other=any(m.how == "other" for m in mentions), topic_words=len(topic_words),
                      self_contained=self_contained)
    if previous is not None and follow in ("shift", "more") and not named and _request_only(stripped, request):
        # "key terms", "quotable line", "strongest counter arg?", "counter" after a turn on one essay:
        # that request, of the conversation's essays; read as "and the X?" its words were a topic
        # the essay "doesn't discuss" (FINAL-22, judged blind: 10 such turns refused)
        context = previous.essays_shown()
        if context:
            follow, named, scope_from, topic, topic_words = "fresh", context, "conversation", "", []
    if previous is not None and follow in ("shift", "more") and not named and \
            set(request.explicit) & {"proposal", "evidence", "concession", "objection", "outlook"}:
        # "and what does she want cities to do instead" after "why is the author against them": a part
        # of the argument asked for, in the conversation's essay, not the last passage again (FINAL-45,
        # judged blind: it quoted Shoup's critique under "Following up on")
        context = previous.essays_shown()
        if len(context) == 1:
            follow, named, scope_from = "fresh", context, "conversation"
    said_before = set(content_words(f"{previous.question} {previous.query}")) if previous is not None else set()
    own = [w for w in topic_words if w not in GENERIC_WORDS and w not in said_before and w in scope.vocabulary]
    if follow == "simpler" and (own or any(th.mentioned and th.kind in ("name", "term", "phrase", "quote")
                                           for th in things)):
        # "explain creedalism simpler", "whats liberal hegemony in plain english", "the pasadena bit
        # simpler please": a plain answer about that, not the last answer again (FINAL-21, judged
        # blind: three such turns re-quoted the previous passage); in the conversation's essay
        follow = "fresh"
        context = previous.essays_shown() if previous is not None else []
        if not named and len(context) == 1:
            named, scope_from = context, "conversation"
    reference = bool(previous) and (bool(_POINTS_BACK.search(_QUESTION_LEAD.sub("", core))) or not topic_words
                                    or bool(_OTHER_SIDE.search(core)))
    substantive = [w for w in topic_words if w not in GENERIC_WORDS]
    if previous is not None and scope_from == "named" and follow == "fresh" and not self_contained and (
            _SAME.search(core) or (len(substantive) <= 1 and set(named) != set(previous.essays or ())
                                   and _carried(substantive, previous))):
        follow = "switch"  # "doesn't rana do the exact same thing?", "now the rana please": the last question, of Rana
    elif previous is not None and follow == "fresh" and not self_contained and not substantive and \
            _POINTS_BACK.search(_QUESTION_LEAD.sub("", core)) and scope_from != "all":
        follow = "more"  # "and what exactly he said, why rana uses him?": about what was just discussed
    if previous is not None and follow in ("more", "shift") and len(substantive) >= OWN_QUESTION_WORDS:
        # "so is calling it fictional a concession, yes or no?", "so if I knock out the social return
        # does the case collapse?": a new question in the same thread, not the last one again (FINAL-15,
        # judged blind: five such turns re-quoted the last passage under "Following up on …")
        follow = "fresh"
        context = previous.essays_shown()
        if not named and len(context) == 1:
            named, scope_from = context, "conversation"
    if previous is not None and not named and _PERSON_BACK.search(core):
        # "why should anyone buy it if he says…": the author the conversation is about
        context = previous.essays_shown()
        if len(context) == 1:
            named, scope_from = context, "conversation"
    if previous is not None and not named and _POINTS_AT_PASSAGE.search(core) and understood.intent not in (
            "comparison", "summary"):
        # "Doesn't that weaken the whole paragraph?", "is this case real": the passage just shown, in
        # the conversation's essay, unless the question names what only another essay holds (FINAL-42,
        # judged blind: that turn was answered from another essay's thesis)
        context = previous.essays_shown()
        if len(context) == 1 and not any(th.mentioned and th.kind in ("name", "place", "work")
                                         and context[0] not in th.essays() for th in things):
            named, scope_from = context, "conversation"
    if previous is not None and follow in ("more", "shift") and scope_from in ("", "conversation"):
        context = previous.essays_shown()
        if len(context) == 1 and _WHO_IS_AUTHOR.match(core):
            # "Who is he, by the way?" after a turn on Rana's essay: its author (FINAL-39, judged
            # blind: the last answer's passage again)
            understood, follow, named, scope_from = Understood("author"), "fresh", context, "conversation"
        elif len(context) == 1 and understood.intent == "definition" and any(
                th.kind in ("term", "quote", "phrase") and any(e in context for e, _, _ in th.places) for th in things):
            # "What does he mean by 'creedalism'?": a term the essay uses, asked of it, not the last
            # answer again (FINAL-39, judged blind)
            follow, named, scope_from = "fresh", context, "conversation"
    if previous is not None and understood.intent == "author" and scope_from in ("", "conversation"):
        # "what date was it published, need it for the citation": the conversation's essay's front
        # matter, not the last passage's place (FINAL-45, judged blind)
        context = previous.essays_shown()
        follow = "fresh"
        if not named and len(context) == 1:
            named, scope_from = context, "conversation"
    elif previous is not None and (request.shape == "where" and (reference or not topic_words)
                                 and len(substantive) < OWN_QUESTION_WORDS or
                                 request.shape == "quote" and not substantive):
        follow = "where"  # "which part say that?", "give me the exact phrase": the last answer's place and words
    elif previous is not None and follow == "fresh" and "example" in request.roles and reference and \
            len(topic_words) <= 3:
        follow = "example"  # "give an example from history he uses": around the last answer first
    elif previous is not None and request.simple and not topic_words and follow not in ("other", "switch"):
        follow = "simpler"
    return Frame(text, mentions, named, understood, topic, follow, request, things, scope_from, reference, core,
                 in_bio=in_bio)


# A follow-up with this many words of its own asks its own question ("where exactly does he give
# the test for defensive aid?" is no "which paragraph was that?")
OWN_QUESTION_WORDS = 3


def _names_masked(text: str, mentions: list[Mention]) -> str:
    """`text` with the subject words of each essay it names by title or subject ("the statistics
    essay", "the parking one") turned to x's, same length, so no request cue is read inside them."""
    out = list(text)
    for m in mentions:
        if m.how in ("title", "shorthand", "slug"):
            for word in re.finditer(r"[A-Za-z][\w'’-]*", text[m.start:m.end]):
                if word.group(0).lower() not in _KEEP_IN_NAME:
                    out[m.start + word.start():m.start + word.end()] = "x" * len(word.group(0))
    return "".join(out)


_ESSAYS_AS_SET = re.compile(r"\b(?:essays?|authors?|writers?|readings?|articles?|texts?|pieces?|them|both|each|"
                            r"either|the\s+two|the\s+others?|other\s+(?:one|guy|side))\b", re.I)
_AND_TERM = re.compile(r"^\W*(?:and|what\s+about|how\s+about|also|ok\s+and|and\s+what\s+about)\s+(?:the\s+)?"
                       r"(?P<term>[^?.!,;]{2,60}?)\s*[?.!]*\s*$", re.I)
MAX_NEXT_TERM_WORDS = 4

# what a question asks of an author's argument, never a term to define
_ROLE_NOUNS = {"solution", "solutions", "plan", "plans", "proposal", "proposals", "fix", "fixes", "remedy", "remedies",
               "recommendation", "recommendations", "alternative", "alternatives", "agenda", "programme", "program",
               "strategy", "vision", "answer", "answers", "idea", "ideas", "point", "points", "position", "stance",
               "view", "views", "argument", "arguments", "thesis", "claim", "claims", "evidence", "objection",
               "objections", "conclusion", "reasoning", "case", "main", "big", "key", "central", "overall", "real"}

_KEEP_IN_NAME = {"the", "a", "an", "essay", "essays", "one", "article", "piece", "text", "reading", "paper", "in",
                 "of", "on", "about"}

# What the learner says of themselves is no topic: "I'm engineering student from Brazil doing
# exchange here", "I study in Canada so …" (FINAL-45, judged
# blind: Brazil, named only so, was grounded in the one essay that names it and a whole conversation
# about the statistics essay was answered from Rana's list of client states). The clause runs to
# its punctuation or to a joining word. A place the learner sets a question in ("in Brazil we had a
# huge flood … can the author's idea work in a place like that?") is no such clause: the essay's
# silence on it is worth saying (`pipeline._names_as_setting`).
_ASKER = re.compile(
    r"(?:\b(?:I'?m|I\s+am|I\s+was)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:from|student|studying|on\s+exchange|doing\s+"
    r"(?:an?\s+)?exchange|born|based|living)\b|\bI\s+(?:live|study|studied|work|worked|grew\s+up|come|came|moved|"
    r"teach|taught)\s+(?:in|at|from|to|as)\b|\bwhere\s+I\s+(?:live|come\s+from|grew\s+up|study)\b)"
    r"[^,.;:!?]*?(?=\s*(?:[,.;:!?]|\bso\b|\bbut\b|\band\s+(?:I|we)\b|$))", re.I)


# "one of the essays says high school should teach statistics before calculus, what is the main
# argument of it?", "the one about parking": an essay named by what it says (FINAL-45, judged blind:
# all four essays were summarised)
_DESCRIBED = re.compile(r"\b(?:one\s+of\s+the\s+(?:essays|readings|articles|texts|pieces)|the\s+(?:essay|article|one|"
                        r"reading|text|piece)\s+(?:that|which|where|about|on))\b(?P<rest>[^.?!]*)", re.I)


def described_essay(core: str, scope: Scope) -> str:
    """The one essay whose subject words the description after "one of the essays …" holds, or ""."""
    found = _DESCRIBED.search(core)
    if found is None:
        return ""
    owners = {scope.names.by_topic(word) for word in content_words(found.group("rest"))} - {""}
    return owners.pop() if len(owners) == 1 else ""


def about_the_asker(text: str) -> tuple[tuple[int, int], ...]:
    """The spans where the learner says who or where they are (see `_ASKER`)."""
    return tuple(m.span() for m in _ASKER.finditer(text))


def _asks_meaning_of(core: str, thing: Thing) -> bool:
    """"who's afinogov", "interregnum, wat does that mean": the question asks what the thing is.
    "What were the measured results at this Harrowfield school?" asks about something else the
    thing has: a "what is/was" more than two words before the thing is not about the thing."""
    for match in _MEANING.finditer(core):
        if match.start() >= thing.end or len(core[match.end():thing.start].split()) <= 2:
            return True
    return False


_POSSESSOR = re.compile(r"\b(?:his|her|their)\b", re.I)
_PROGRAMME_ASKED = re.compile(r"\b(?:summari[sz]e|sum\s+up|outline|overview\s+of)\b[^.?!]{0,40}?\b(?:plan|proposals|"
                              r"recommendations|reforms|steps|programme|program|agenda)\b", re.I)


def _owner(things: list[Thing]) -> str | None:
    """The one essay that mentions every proper name of the question ("who are the staff in
    Harrowfield prep?" is about the essay that tells of Harrowfield): an unscoped question is
    scoped to it, so no handler answers it from an essay that never names the school."""
    # capitalised, or typed in lower case but a name the essays' own index knows ("the ostrowski guy":
    # FINAL-21, judged blind, answered from the essay the conversation was about, which never names him)
    names = [th for th in things if th.kind == "name" and th.mentioned and (th.text[:1].isupper() or th.name)]
    owners = {e for th in names for e, _, _ in th.places}
    return owners.pop() if len(owners) == 1 else None


BIO_RUN = 3  # words in a row the question shares with an essay's note on its author, to be asking about it


def _named_in_bio(core: str, scope: Scope, named: list[str]) -> tuple[str, int, str] | None:
    """(essay, paragraph, words) when the question holds a run of BIO_RUN words or more, two of them
    content words, that an essay's note on its author has and its text does not ("The Two Faces of
    American Freedom"): what the question asks about is named only there."""
    words = _bio_words(core)
    for slug in named or [e.slug for e in scope.essays]:
        essay = scope.by_slug.get(slug)
        if essay is None:
            continue
        bios = [essay.paragraph(n) for n in sorted(scope.metadata.get(slug, ()))]
        for para in (p for p in bios if p is not None):
            note, body = _note_and_body(essay, para.number)
            for size in range(min(len(words), 8), BIO_RUN - 1, -1):
                for i in range(len(words) - size + 1):
                    run = " ".join(words[i:i + size])
                    if f" {run} " in f" {note} " and f" {run} " not in f" {body} " and len(content_words(run)) >= 2:
                        pattern = r"\W+".join(re.escape(w) for w in run.split())
                        found = re.search(pattern, para.text, re.I)
                        return slug, para.number, found.group(0) if found else run
    return None


@lru_cache(maxsize=256)
def _note_and_body(essay: Essay, number: int) -> tuple[str, str]:
    """An essay's note on its author (paragraph `number`) and the rest of its text, as words: read
    once per essay, not per question (`python -m bench --quick --only latency`)."""
    note = essay.paragraph(number)
    body = " ".join(p.text for p in essay.paragraphs if p.number != number)
    return " ".join(_bio_words(note.text if note else "")), " ".join(_bio_words(body))


def _bio_words(text: str) -> list[str]:
    return [w for w in (x.strip("'’-") for x in re.findall(r"[\w'’-]+", text.lower())) if w]


_WHO_IS_AUTHOR = re.compile(r"^\s*(?:(?:and|so|but|ok|okay|sorry)[\s,]+)?(?:who|what)(?:\s+(?:is|was)|['’]s|s)\s+(?:he|she|they|"
                            r"the\s+(?:author|writer))\b(?:\s*,?\s*(?:by\s+the\s+way|btw|exactly|again|anyway))?\s*[?.!]*\s*$",
                            re.I)
_PASSAGE_WORDS = re.compile(r"\b(?:what(?:'s|’s|s|\s+is|\s+was)\s+)?(?:the|that|this)\s+(?:bit|part|section|passage|"
                            r"story|anecdote|scene)\s+(?:about|with|where|on|of|abt)\b", re.I)


def _only_reading(core: str) -> str:
    """The question with everything but a reading put to the tutor blanked out (offsets kept, so
    the mentions' spans still fit): "me n my friend disagree, he says the essay wants to ban
    parking lots. i said it just wants to stop forcing them. who's right" is about banning parking
    lots; the rest is who holds which reading (FINAL-23, judged blind: such disputes were searched
    as a whole and refused)."""
    reading = stated_reading(core)
    at = core.find(reading) if reading else -1
    if at < 0 or not content_words(reading):
        return core
    return " " * at + reading + " " * (len(core) - at - len(reading))


# what makes a word an essay's name rather than what the question is about: "the parking essay"
_NAMING_NOUN = re.compile(r"\s*(?:['’]s\s+)?(?:essay|one|piece|article|text|author|writer|reading|paper)s?\b", re.I)


def _name_span(text: str, mention: Mention) -> tuple[int, int]:
    """The mention with "the … essay" around an id ("the parking essay"): cutting only the id
    left "what does the essay say about cars", whose frame words then stayed ("what does the cars")."""
    if mention.how not in ("slug", "shorthand"):
        return mention.start, mention.end
    noun = _NAMING_NOUN.match(text[mention.end:])
    article = re.search(r"\bthe\s+$", text[:mention.start], re.I)
    return (article.start() if article else mention.start), (mention.end + noun.end() if noun else mention.end)


def id_words_in_use(frame: "Frame") -> list[str]:
    """An essay's id typed as a word of the question ("why does she keep saying free parking isnt
    free", "the islands are getting bigger"), not as its name ("the parking essay"). Cut from the
    topic like any name (see `topic_text`), it is given back when the question would otherwise be
    refused (`handlers/cited`): FINAL-26's first run refused three such questions, "free isnt free"
    being all that was left to search."""
    core = frame.core or frame.text
    return [core[m.start:m.end] for m in frame.mentions
            if m.how == "slug" and not _NAMING_NOUN.match(core[m.end:]) and core[m.start:m.end].strip()]


def topic_text(text: str, mentions: list[Mention]) -> str:
    """The question without essay names and the frames around them, and without its question
    words when something else is left ("what does walt say about nato" -> "nato").

    An essay's id that is an everyday word ("parking", from parking.md) is cut like any name, though
    it is often also what the question is about: kept in the topic, everywhere or as the head of a
    compound the essays use ("parking minimums"), it pulled answers to the essay's opening and its
    definition ("why does she say free parking is unfair" quoted ¶1, "which cities removed parking
    minimums" ¶2), worse in 4 turns of FINAL-24 and FINAL-25 (judged blind, paired) against gains
    only on the set it was made from (FINAL-23)."""
    spans = tuple(_name_span(text, m) for m in mentions)
    topic = without_spans(text, spans) if spans else text
    if mentions:
        for pattern in _SCAFFOLD:
            topic = pattern.sub(" ", topic)
    # "what's the bit about the porter": the porter
    topic = _PASSAGE_WORDS.sub(" ", topic)
    topic = re.sub(r"\s+", " ", topic)
    topic = re.sub(r"\s+([?.!,;:])", r"\1", topic)
    return topic.strip(" ,;:-").strip()


def _carried(words: list[str], previous) -> bool:
    """Whether a question's one topic word is the last question's ("now the rana one on
    nato"), so it asks the same of another author; a new word ("what does rana say about
    taiwan") makes it a new question."""
    before = set(content_words(f"{previous.question} {previous.query} {previous.topic}"))
    return all(w in before for w in words)


# Words that ask for a summary or name the whole argument; what is left names a part, if anything
_WHOLE = {"summarize", "summarise", "summary", "summaries", "summed", "sum", "tldr", "tl", "dr", "gist", "overview",
          "main", "central", "overall", "whole", "basic", "core", "key", "big", "general", "essay", "essays", "article",
          "piece", "text", "reading", "argument", "arguments", "arguing", "argue", "argues", "thesis", "points",
          "point", "idea", "ideas", "message", "about", "short", "shortly", "quick", "quickly", "brief", "briefly",
          "version", "simple", "simply", "words", "sentence", "sentences", "line", "lines", "bullet", "bullets",
          "long", "hard", "author", "writer", "spine", "structure", "basically", "takeaway", "takeaways", "reasons",
          "reason", "objections", "objection", "conclusion", "conclusions", "evidence", "steps", "premises",
          "counterarguments", "counterargument", "claims", "claim", "parts", "part", "sections", "section",
          # the learner's occasion, not a part of the essay ("a presentation about this essays next week")
          "next", "week", "weeks", "today", "tomorrow", "tonight", "later", "soon", "class", "presentation", "seminar",
          "homework", "group", "notes", "slide", "slides"}
# what names a part: "the X bit", "the X argument", "on X", "about X"
_PART_CUE = re.compile(r"\b(?P<a>[A-Za-z][\w'’-]+)\s+(?:bit|part|section|passage|argument|case|example|story|reason|"
                       r"objection|point|stuff)s?\b|\b(?:on|about|abt|regarding|re)\s+(?:the\s+)?"
                       r"(?P<b>[A-Za-z][\w'’-]+(?:\s+[A-Za-z][\w'’-]+){0,2})", re.I)
# a summary asked in so many words: the rest of its words only say how ("quick", "he seems to go back
# and forth"); a question that merely reads as a summary ("why does rana say the news is racist abt
# ukraine") keeps its words
_SUMMARY_ASKED = re.compile(r"\bsumm?ar|\bsum\s+(?:it\s+)?up\b|\btl;?\s*dr\b|\bgist\b|\boverview\b|\bshort\s+version\b|"
                            r"\bin\s+short\b", re.I)
PART_SHARE = 0.25  # a part's word is in at most this share of the named essays' paragraphs


def _proper(word: str, essays) -> bool:
    """A name in the essays: written with a capital inside sentences, never without ("Carnegie",
    "Hachette"; not "group", also part of "Pacific Coastal Futures Group"; not "start", capitalised
    only where it opens a sentence)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    inside = [m.group(0) for e in essays for p in e.paragraphs for m in pattern.finditer(p.text)
              if not re.search(r"(?:^|[.!?:]['’\"”]?)\s*$", p.text[:m.start()])]
    return bool(inside) and all(w[0].isupper() for w in inside)


def _part_words(topic: str, text: str, scope: Scope, named: list[str]) -> list[str]:
    """The words by which a summary asks for one part of the named essays (all in view if none
    is named), or none: words left after the summary words and the essays' titles that the essays
    use in few paragraphs, and that are names or cued as a part ("the Carnegie bit", "on Ukraine",
    "the sovereignty argument"). The learner's words about themselves ("as a student nurse",
    "climate isn't my topic") are neither."""
    essays = [scope.by_slug[slug] for slug in named if slug in scope.by_slug] or list(scope.essays)
    # a title's words in any form ("the essay about keeping the exam hall" names "Keep the Exam Hall")
    titled = set(stems(" ".join(f"{e.title} {e.display_short_title}" for e in essays)))
    # only the sentence that asks for the summary: "one of our members has family in New Zealand.
    # Could you summarise it" asks for the essay, not its New Zealand passage (FINAL-29)
    asking = [part for part in typed_sentences(text) if _SUMMARY_ASKED.search(part)]
    kept = set(content_words(" ".join(asking))) if asking else None
    cued = {w.lower() for m in _PART_CUE.finditer(topic) for w in (m.group("a") or m.group("b")).split()}
    paragraphs = [(e.slug, p.number) for e in essays for p in e.paragraphs]
    found = []
    for word in dict.fromkeys(content_words(topic)):
        if word in _WHOLE or word in GENERIC_WORDS or set(stems(word)) & titled or (kept is not None and word not in kept):
            continue
        if word not in cued and not _proper(word, essays):
            continue
        used = [sum(1 for place in paragraphs if stem in scope.paragraph_stems(*place)) for stem in stems(word)]
        if used and all(0 < n <= max(2, PART_SHARE * len(paragraphs)) for n in used):
            found.append(word)
    return found
