"""A learner's reading of an essay, checked against the essay's own words.

"is it true marchbank wants to ban new car parks", "so the sea level rise is not dangerous for
them?", "someone in our group says Rana opposes all military aid to Ukraine. true?", "Is it
correct that 14 students of 400 could not explain their own essay?": a learner states what they
think an essay says and asks whether that is right. Quotes alone leave them to find the verdict
themselves, and the learner who misread the essay is the one least able to (FINAL-23, judged
blind: 6 good of 84 yes/no turns the essays cover; 44 partial, most of them "right passage, no
verdict"; most readings to check were overstated).

Nothing here understands a sentence. Each check compares the learner's words with the essay's,
and says only what that comparison shows, so every lead is true of the essay's wording:

- **overstatement**: the reading uses a word of strength ("completely", "all", "never", "ban",
  "abolish", "way better", "already", "isn't a threat") that the essay never uses in the sentences
  about this (those holding the reading's other words): "No, not as strongly as that: Achterberg
  never says “completely” about this." When one of those sentences negates that very word ("a
  minimum is not a prohibition on building parking", "the lesson is not that sea-level rise is
  harmless"), or denies most of the reading's words at once ("the lesson is not that orchards are
  free"), the essay says no: "No — Marchbank says otherwise (¶2): “…”".
- **figures**: the reading pairs two figures ("14 … of 400") that the essay never pairs, though it
  gives the first with another ("14 of those 60"): "Not quite: the essay's figure is “14 of those
  60” (¶6)."
- **yes**: one sentence holds every word of the reading (one low-weight word can carry a verdict:
  "the Danish oral system is bad"), with the same negation and figures, and nothing above applies:
  "Yes — Achterberg says so (¶6):".

Otherwise nothing is said, and the yes/no lead (`bot.tutor.lead`) decides as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Sequence

from bot.corpus.essay import Essay
from bot.tutor.compose import Quote, paragraph_sentences
from bot.tutor.scopes import stems
from bot.tutor.stance import STANCE_WORDS as _STANCE_WORDS
from bot.tutor.stance import anchors, reading_stance, stances

if TYPE_CHECKING:  # the frame reads readings too, and the context is built from the frame
    from bot.tutor.context import Ask

# A reading put to the tutor to check: "is it true (that) …", "… is that right/correct/fair?",
# "so (it means) …?", "(my friend | someone | our op-ed) says …", "did he really write …".
# (after a lead-in that ends in a stop or a dash: "parking essay — is it correct …", "Hello. I am
# reading Walt essay for my seminar. Is it correct that …": FINAL-26, judged blind)
_CHECK_FIRST = re.compile(r"^(?:[^?]*?(?:[.!:;]|\s[—–-]{1,2})\s+)?\s*(?:so\s+|but\s+|and\s+|ok\s+|okay\s+)?"
                          r"(?:is\s+it|it'?s|is\s+that|is(?=\s+(?:really\s+)?(?:true|correct|right)\s+that\b))\s+"
                          r"(?:really\s+|actually\s+)?"
                          r"(?:true|correct|right|accurate|fair)\s+(?:to\s+say\s+)?(?:that\s+)?(?P<reading>.+)$",
                          re.I | re.S)
_CHECK_LAST = re.compile(r"^(?P<reading>.+?)[\s.,;:!-]*(?:(?:is\s+)?(?:that|this|it)\s+(?:really\s+)?|so\s+)?"
                         r"(?:true|correct|right|accurate|fair|ok|okay)(?:\s+(?:understanding|reading|summary|to\s+say|"
                         r"or\s+(?:not|no|nah)))?\s*[?!.]*\s*$", re.I | re.S)
# "did he really write that …", "does the writer think exam is no problem for …"
_DID_SAY = re.compile(r"^\s*(?:so\s+|but\s+|and\s+)?(?:does|did|do|is)\s+(?:she|he|they|it|the\s+(?:essay|author|article|text|"
                      r"writer)|[A-Z][\w'’-]+)\s+(?:really\s+|actually\s+|even\s+|also\s+)?(?:say|said|write|wrote|claim|"
                      r"think|argue|believe|mean|saying|claiming|arguing|suggest|call)\w*\s+(?!about\b|anything\b|"
                      r"something\b|so\b)(?:that\s+)?(?P<reading>.+)$", re.I | re.S)
# "At what point does she think …", "so in what way is he …": a question word a word or two in
_WH_INSIDE = re.compile(r"^\s*(?:[\w'’]+\s+){1,2}?(?:what|how|why|where|who|whom|which|when)\s+(?:[\w'’]+\s+){0,2}?"
                        r"(?:does|do|did|is|are|was|were|can|could|should|would|will|has|have)\b", re.I)
_OPENER = re.compile(r"^\s*(?:(?:so|ok|okay|and|but|wait|ah|oh|hmm|lol|lmao|omg|yeah|yes|right)\b[\s,]*)+(?:it\s+means\s+)?", re.I)
_QUESTION_WORD = re.compile(r"^\s*(?:so\s+|and\s+|but\s+)?(?:what|how|why|where|who|whom|which|when)\b", re.I)
# who else holds a reading: "my friend says", "our op-ed says", "someone in our group says"
_HOLDERS = (r"friend|someone|somebody|people|classmate|group|op-?ed|draft|notes?|slide|summary|sentence|teacher|"
            r"partner")
_THIRD_PARTY = re.compile(rf"(?:{_HOLDERS})$", re.I)
_WHO_IS_RIGHT = re.compile(r"^\s*(?:so\s+)?(?:who|which(?:\s+one)?)(?:'?s|\s+is)\s+right\b", re.I)
# "so thats a gap right", "it's basically the same": a reading of the last answer, not a topic
_POINTING = re.compile(r"^\s*(?:that|this|it|thats|that['’]s|its|it['’]s|those|these|they|he|she|so)\b", re.I)
# "does she say how much …", "did he say whether …": a question, not a reading
_WH_OBJECT = re.compile(r"^\s*(?:how|what|why|whether|if|where|who|when|which|anything|something|any)\b", re.I)
# "she says the exam essay wants …": a classmate's reading of an essay, even with no question mark
_ESSAY_REF = re.compile(r"\b(?:essay|article|author|writer|text|piece)\b", re.I)
# (not "thinks about", "writes on": "Writer think about this problem?" asks whether the author
# considers the problem just described, s23's first run, judged blind: searched as "this problem")
_REPORTED = re.compile(r"\b(?:says?|said|thinks?|thought|claims?|claimed|reckons?|wrote|writes|told\s+(?:me|us)|"
                       r"believes?|argues?)\s+(?!about\b|of\b|on\b|over\b)(?:that\s+)?(?P<reading>[^?!]+)", re.I)
_REPORTER = re.compile(rf"\b(?:{_HOLDERS}|he|she|they|[A-Z][a-z]+)\b")
_SO = re.compile(r"^\s*(?:ok\s+|okay\s+|ah\s+|oh\s+|wait\s+|hmm\s+)*(?:so|and\s+so)\s+(?:it\s+means\s+|basically\s+|"
                 r"(?:she|he|they|the\s+(?:author|essay|writer))\s+(?:is\s+saying|says|thinks|means)\s+(?:that\s+)?)?"
                 r"(?P<reading>.+?)\s*\?+\s*$", re.I | re.S)
# A question between alternatives is no reading to confirm: "can students use it or not?",
# "was it a success or a failure?", "is that for real or a myth".
_ALTERNATIVE = re.compile(r"\bor\s+(?:not|no|nah|what|the\s+opposite|is\s+(?:that|it|this)|was\s+(?:that|it|this)|"
                          r"(?:an?\s+)?(?:against|for|bad|good|worse|better|failure|success|myth|real)\b)|"
                          r"\bwhich\s+(?:one|is\s+it)\b", re.I)

# Words of strength, by family: the reading's word counts as said when the essay uses any word of
# its family about the same thing.
_STRENGTH = {
    # ("at all" is one only after a negation, "she doesn't want coursework at all"; in "does the
    # author think about people like me at all?" it only stresses the question, FINAL-29/30)
    "completely": r"completely|entirely|totally|altogether|wholly|outright|wholesale|whatsoever|flatly|categorically|"
                  r"full\s+stop|at\s+all|100\s*%|a\s+hundred\s+per\s*cent|in\s+every\s+way|in\s+all\s+cases|"
                  r"across\s+the\s+board|without\s+exception|at\s+any\s+price",
    "all": r"(?<!\bat\s)all|every|everyone|everybody|everything",
    "never": r"never|nobody|no\s+one|nothing",
    "always": r"always|forever|every\s+time",
    "ban": r"bans?|banned|banning|prohibit\w*|prohibition|forbid\w*|outlaw\w*|illegal",
    "abolish": r"abolish\w*|abolition|get\s+rid\s+of|got\s+rid\s+of|getting\s+rid\s+of|do\s+away\s+with|eliminat\w*|"
               r"(?:should|must|has\s+to|have\s+to|needs?\s+to)\s+go|scrapp?(?:ed|ing)?|be\s+scrapped",
    "much": r"(?:way|much|far|hugely|massively|vastly|a\s+lot)\s+(?:better|worse|more|less|higher|lower|bigger|stronger|weaker|"
            r"smaller|cheaper|fairer|safer)",
    "already": r"already",
    "harmless": r"harmless|no\s+(?:problem|threat|danger)|not\s+(?:a\s+|an\s+|actually\s+a\s+|really\s+a\s+)?(?:problem|"
                r"threat|danger|dangerous|serious)|is\s*n['’]?t\s+(?:actually\s+|really\s+)?(?:a\s+)?(?:problem|threat|"
                r"danger|dangerous|serious)",
}
# what makes "way better", "much more" an overstatement: the essay's own hedge
_HEDGE = re.compile(r"\b(?:modest|slight(?:ly)?|small|somewhat|marginal(?:ly)?|a\s+little|a\s+bit|limited|partly|"
                    r"in\s+part|may|might)\b", re.I)
_FAMILY = {name: re.compile(rf"\b(?:{words})\b", re.I) for name, words in _STRENGTH.items()}
# what the essay's sentence uses to deny one of those words: "not", "no", "never" shortly before it
# ("is not a prohibition", "not a reason to ban"); "not only", "not just" deny nothing
_DENIAL = re.compile(r"\b(?:not|never|no|nor|neither|nobody|no\s+one|none|nothing)\b(?!\s+(?:only|just|merely|simply|least)\b)(?:\s+\S+){0,4}?\s*$",
                     re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|nobody|nothing|none|neither|nor|without|n['’]t)\b|\b\w+n['’]?t\b", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "sixty": 60, "hundred": 100}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
# "14 of 400", "14 students of 400 students", "14 out of those 60", "one in five"
_PAIR = re.compile(rf"\b(?P<a>{_NUM})\s+(?:[a-z]+\s+){{0,2}}?(?:out\s+of|of|in)\s+(?:the\s+|those\s+|these\s+|them,?\s+)?"
                   rf"(?P<b>{_NUM})\b", re.I)
# words that only frame a reading ("the essay says", "is it correct"), never what it is about
_FRAME_WORDS = re.compile(r"\b(?:essay|article|text|author|writer|says?|said|thinks?|means?|saying|write|wrote|correct|"
                          r"true|right|fair|accurate|understanding|basically|really|actually|friend|someone|claims?|"
                          r"argues?|slide|note|notes|summary|sentence|op-?ed|draft|wants?\s+to|wanted\s+to|"
                          r"would\s+like\s+to)\b", re.I)
# "The lesson is not that orchards are free", "this is not a plan to close the bridge": the essay
# denies, in so many words, what follows; a reading whose words are mostly there is denied
_NOT_THAT = re.compile(r"\b(?:is|are|was|were|does|do|did)\s+not\s+(?:that\s+|a\s+|an\s+|about\s+)(?P<x>[^,.;:!?]{3,120})|"
                       r"\bnot\s+that\s+(?P<y>[^,.;:!?]{3,120})", re.I)
DENIES = 0.6  # share of the reading's words the denied clause holds
ABOUT = 0.34  # share of the reading's words a sentence holds to be "about this"
# … to say it: every word, since one low-weight word carries a verdict ("the Danish oral system
# is bad" held 0.8 of its weight in "the safeguards that made the Danish system credible", and got
# a false "Yes"; FINAL-24, judged blind, paired)
SAYS = 0.999
MAX_SHOWN = 220  # characters of the essay's clause a lead quotes
MIN_WORDS = 3  # a reading of fewer distinctive words is too short to confirm word for word


@dataclass(frozen=True)
class Verdict:
    """What the comparison shows: `kind` is one of no, stronger, figure, yes, partly."""
    kind: str
    essay: str
    paragraph: int
    shown: str  # what the lead quotes or names: the essay's words (for a yes, the sentence holding the
    # reading), or the reading's word of strength
    other: str = ""  # for a stance taken both ways ("partly"): the clause taking the other way
    other_paragraph: int = 0


_QUOTED_READING = re.compile(r"['‘\"“](?=\S)([^'’\"”\n]{10,300}?)['’\"”](?!\w)")


def reading_of(text: str) -> str:
    """The reading a message asks the tutor to check, or "" when it asks no such thing."""
    return _reading(text)[0]


def alternative(text: str) -> bool:
    """"can students use it or not?", "a success or a failure?": a choice asked, no reading to confirm."""
    return bool(_ALTERNATIVE.search(text))


def stated_reading(text: str) -> str:
    """A reading stated in so many words ("is it true that …", "my friend says …"): what the
    message is about, the rest being who holds it. A "so …?" reading is not one: it usually
    restates the last answer, and its words are read with the conversation's."""
    reading, form = _reading(text)
    return reading if form in ("check", "reported") and not _POINTING.match(reading) else ""


def _reading(text: str) -> tuple[str, str]:
    """The reading and how it was put: "check" ("is it true …", "… right?"), "reported" ("my
    friend says …"), "did" ("did he really write …"), "so" ("so it means …?") or "stance" ("is
    she against e-books?", "does he support sending weapons or not?")."""
    text = text.strip()
    if any((_QUESTION_WORD.match(part) or _WH_INSIDE.match(part)) and not _WHO_IS_RIGHT.match(part)
           for part in re.split(r"(?<=[.?!,;:])\s+", text)):
        return "", ""  # "she said space can be found in other ways. What were they again?" asks what
    if _ALTERNATIVE.search(text):
        return _stance_reading(text)  # "does he support it or not?" is still his stance to check
    for form, pattern in (("check", _CHECK_FIRST), ("check", _CHECK_LAST), ("did", _DID_SAY)):
        match = pattern.match(text)
        if match and _long_enough(match.group("reading")):
            reading = _OPENER.sub("", re.split(r"\?", match.group("reading"))[0])
            if form == "check" and pattern is _CHECK_LAST:
                # "hi, im reading the night bus essay on the tram. so the author defend that …, is
                # correct?": the reading is the last sentence, not the greeting before it
                last = re.split(r"(?<=[.!])\s+(?=\S)", reading)[-1]
                reading = _OPENER.sub("", last) if _long_enough(last) else reading
            quoted = _QUOTED_READING.search(reading)
            if quoted and len(quoted.group(1).split()) >= 4:
                reading = quoted.group(1)  # "my resumen: 'Marchbank wants to prohibit parking …'. correct?"
            reported = _REPORTED.search(reading)
            if reported and _reporter(reading[:reported.start()]) and _long_enough(reported.group("reading")):
                return _first_clause(reported.group("reading")), "reported"
            return reading, form
    reported = _REPORTED.search(text)
    if reported and _long_enough(reported.group("reading")):
        reporter = _reporter(text[:reported.start()])
        # "my friend says …" is put to the tutor to check; "she says …", "sam says …" only with a
        # question, or when what they say is about an essay
        if reporter and (_THIRD_PARTY.match(reporter.group(0)) or re.search(r"\?|\b(?:true|right|fair|correct)\b",
                                                                                text[reported.start():])
                         or _ESSAY_REF.search(reported.group("reading"))):
            return _first_clause(reported.group("reading")), "reported"
    match = _SO.match(text)
    if match and _long_enough(match.group("reading")):
        return match.group("reading"), "so"
    return _stance_reading(text)


def _stance_reading(text: str) -> tuple[str, str]:
    stance = _stance_asked(text)
    return (stance, "stance") if stance else ("", "")


# "is she against e-books?", "rana is against to help ukraine?", "does he support it or not?":
# a stance put to the tutor as a question (`bot.tutor.stance`)
_STANCE_ASKED = re.compile(r"^\s*(?:(?:so|and|but|ok|okay|wait|hmm)\b[\s,]*)*(?:(?:is|was|are|does|did|do|would)\s+)?"
                           r"(?P<reading>[^?.!]+?)(?:\s*,?\s*or\s+(?:not|no|nah))?\s*\?", re.I)
_STANCE_SUBJECT = re.compile(r"^\s*(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s*[-–—:,]?\s+(?:(?:really|actually|basically|even|just|"
                             r"also|totally|completely|so|kind\s+of|sort\s+of)\s+)?(?:(?:is|was|are|were|be)\s+)?"
                             r"(?:(?:really|actually|basically|totally|completely|so|a|an)\s+)?(?:(?:wants?|trying)\s+to\s+)?"
                             rf"{_STANCE_WORDS}\b", re.I)
_ONLY_OR_NOT = re.compile(r"\bor\s+(?:not|no|nah)\b", re.I)


def _stance_asked(text: str) -> str:
    """The reading of a for-or-against question, or "" (a wh-question asks something else)."""
    match = _STANCE_ASKED.match(text)
    if not match or _QUESTION_WORD.match(text) or (_ALTERNATIVE.search(text) and not _ONLY_OR_NOT.search(text)):
        return ""
    reading = match.group("reading")
    # the stance is what the question says of its subject ("she against e-books", "rana is against
    # to help ukraine", "vunidogoloa - success"), not a word deep inside what it asks about ("does
    # she give numbers for a cost beyond which it is not worth defending": FINAL-27)
    if not _long_enough(reading) or reading_stance(reading) is None or not _STANCE_SUBJECT.match(reading):
        return ""
    return reading


def _reporter(before: str) -> re.Match | None:
    """Who holds the reading, said just before "says": a friend, a group, a name, a pronoun."""
    # a name as the clause's subject ("me n sam arguing. sam says …"), never a word inside a
    # question ("how many percent said deadlines": FINAL-24, judged blind)
    return _REPORTER.search(before) or re.search(r"(?:^|[.,;:!?]\s*|\b(?:and|but|so|n|&)\s+)(?:my\s+|our\s+)?"
                                                 r"(?!(?:essay|article|author|writer|text|piece|it|that|this|also|"
                                                 r"really|just|even|still|and|but|so)\b)[a-z]{3,}\s*$", before, re.I)


def _long_enough(reading: str) -> bool:
    """Three words or more, and not a question of its own ("how much …", "whether …")."""
    head = _first_clause(reading)
    return len(head.split()) >= 3 and not _WH_OBJECT.match(head)


def _first_clause(reading: str) -> str:
    """What was reported, up to where the learner goes on in their own voice ("… . i said …")."""
    return re.split(r"[.;?]\s*|,\s*(?:i|but\s+i)\s+", reading)[0]


def check(reading: str, essays: Sequence[Essay], weights, names: Sequence[str] = (),
          anchor: Callable[[str], bool] = lambda stem: False) -> Verdict | None:
    """The comparison's finding for `reading` in `essays` (see the module docstring), or None.

    `weights(text)` gives the stems of a text with their rarity in the essays (common words weigh
    little); `names` are words to leave out of the comparison (the authors' names); `anchor(stem)`
    whether a word is rare enough to tell what a stance bears on (`bot.tutor.stance.anchors`)."""
    plain = _FRAME_WORDS.sub(" ", reading)
    for name in names:
        plain = re.sub(rf"\b{re.escape(name)}(?:['’]s)?\b", " ", plain, flags=re.I)
    strengths = strength_words(plain)
    marker_stems = {s for _, m in strengths for s in stems(m.group(0))}
    weighted = {s: w for s, w in weights(plain).items() if s not in marker_stems and w > 0}
    total = sum(weighted.values())
    if total <= 0:
        return None
    sentences = [(e.slug, p.number, s, _share(s, weighted, total)) for e in essays for p in e.paragraphs
                 for s in _sentences(p.text)]
    about = [x for x in sentences if x[3] >= ABOUT]
    attributed = reading_stance(plain)
    if not about:  # no sentence holds a third of the reading's words: only a stance can still be judged
        return _stance(attributed, essays, weights, anchor)
    about.sort(key=lambda x: -x[3])
    for name, _ in strengths:
        for slug, number, sentence, _ in about:
            for m in _FAMILY[name].finditer(sentence):
                if _denied(sentence[:m.start()]):
                    return Verdict("no", slug, number, _clause(sentence, m.start()))
    for slug, number, sentence, _ in about:
        for m in _NOT_THAT.finditer(sentence):
            if _share(m.group("x") or m.group("y"), weighted, total) >= DENIES:
                return Verdict("no", slug, number, _clause(sentence, m.start()))
    for name, m in strengths:
        if name == "much" and not any(_HEDGE.search(s) for _, _, s, _ in about):
            continue  # "way more staff time" over the essay's own figures is a fair gloss; only a hedge says no
        if not any(_FAMILY[name].search(s) for _, _, s, _ in about) \
                and not _said_nearby(name, _part_at(plain, m.start()), sentences, weights):
            slug, number = about[0][0], about[0][1]
            return Verdict("stronger", slug, number, _phrase(plain, m))
    stance = _stance(attributed, essays, weights, anchor)
    if stance is not None:
        return stance
    figure = _figures(plain, [x for x in sentences if x[3] > 0])
    if figure is not None:
        return figure
    # a stance the essay takes nowhere in its own words is not confirmed by a sentence that merely
    # holds the reading's words ("a good café" in someone else's picture, for "the café is good")
    if len(weighted) >= MIN_WORDS and about[0][3] >= SAYS and not strengths and attributed is None \
            and bool(_NEGATION.search(plain)) == bool(_NEGATION.search(about[0][2])) \
            and _numbers(plain) <= _numbers(about[0][2]):
        return Verdict("yes", about[0][0], about[0][1], about[0][2].strip())
    return None


# where a reading's parts meet: "museum become free for everybody, and tourist pay small tax in
# hotel, and local people pay nothing" is three claims, each with its own word of strength
_PART_BREAK = re.compile(r"\s*(?:[,;:]\s*(?:and|but|then|so|also)?\b|\s(?:but|and\s+then|and\s+also|while|whereas)\b)\s*",
                         re.I)
NEARBY = 0.6  # share of a part's words a paragraph holds to be about what the part says


def _part_at(reading: str, at: int) -> str:
    """The part of the reading that holds position `at` (the whole reading when it has one part)."""
    start = 0
    for m in _PART_BREAK.finditer(reading):
        if m.start() >= at:
            return reading[start:m.start()]
        start = m.end()
    return reading[start:]


def _part_weights(part: str, weights) -> tuple[dict[str, float], float]:
    weighted = {s: w for s, w in weights(part).items() if w > 0}
    return weighted, sum(weighted.values())


def _said_nearby(name: str, part: str, sentences, weights) -> bool:
    """Whether the essay uses the part's word of strength about the same thing: in a sentence that
    holds some of the part's words, in a paragraph that holds most of them (NEARBY). A reading of
    several claims ("museum become free for everybody, and tourist pay small tax in hotel") has no
    one sentence about all of them, and ¶2's "The door should be free to everyone", beside its
    sentences on museums, says the first (FINAL-38, judged blind: "No, not as strongly as that: …
    never says “everybody”" to a right reading). For "never", "nothing", a denial of what the part
    bears on counts ("local people pay nothing": "The resident … pays no levy")."""
    weighted, total = _part_weights(_FAMILY[name].sub(" ", part), weights)
    if not weighted:
        return False
    held: dict[tuple[str, int], set[str]] = {}
    for slug, number, sentence, _ in sentences:
        held.setdefault((slug, number), set()).update(_held(sentence) & weighted.keys())
    for slug, number, sentence, _ in sentences:
        if sum(weighted[s] for s in held[(slug, number)]) < NEARBY * total \
                or not (_held(sentence) & weighted.keys()):
            continue
        if _FAMILY[name].search(sentence) or (name == "never" and _NEGATION.search(sentence)):
            return True
    return False


def _stance(attributed: tuple[bool, str] | None, essays: Sequence[Essay], weights,
            anchor: Callable[[str], bool]) -> Verdict | None:
    """For or against (`bot.tutor.stance`): the essay's stances where it discusses what the reading
    is about, set against the stance the reading attributes (`reading_stance`: against or not, and
    what it bears on)."""
    if attributed is None:
        return None
    against, about = attributed
    topic = {s: w for s, w in weights(about).items() if w > 0}
    taken = stances(((e.slug, p.number, s) for e in essays for p in e.paragraphs for s in _sentences(p.text)),
                    topic, _held, anchor)
    same = [x for x in taken if x.against == against]
    other = [x for x in taken if x.against != against]
    if other and same:
        return Verdict("partly", other[0].essay, other[0].paragraph, other[0].words, same[0].words, same[0].paragraph)
    if other:
        return Verdict("no", other[0].essay, other[0].paragraph, other[0].words)
    if same:
        return Verdict("yes", same[0].essay, same[0].paragraph, same[0].words)
    return None


_AT_ALL = re.compile(r"at\s+all", re.I)


def strength_words(reading: str) -> list[tuple[str, re.Match]]:
    """The reading's words of strength, by family, that it does not itself deny ("not completely");
    "at all" counts only after a negation ("she doesn't want coursework at all", not "does she think
    about people like me at all?")."""
    return [(name, m) for name, pattern in _FAMILY.items() for m in [pattern.search(reading)]
            if m is not None and not _denied(reading[:m.start()])
            and not (_AT_ALL.fullmatch(m.group(0)) and not _NEGATION.search(reading[:m.start()]))]


def _numbers(text: str) -> set[float]:
    """The figures a text gives, as numbers ("eight" and "8" alike)."""
    return {n for w in re.findall(rf"\b{_NUM}(?![\w,])", text, re.I) if (n := _number(w)) is not None}


@lru_cache(maxsize=8192)
def _sentences(paragraph: str) -> tuple[str, ...]:
    """A paragraph's sentences, split once: every reading is compared with all of them."""
    return tuple(paragraph_sentences(paragraph))


@lru_cache(maxsize=16384)
def _held(sentence: str) -> frozenset[str]:
    return frozenset(stems(sentence))


def _share(sentence: str, weighted: dict[str, float], total: float) -> float:
    held = _held(sentence)
    return sum(w for s, w in weighted.items() if s in held) / total


def _denied(before: str) -> bool:
    """Whether the words just before a word deny it ("is not a", "no", "never … to")."""
    clause = re.split(r"[,;:.!?()—–]|\bbut\b", before)[-1]
    return bool(_DENIAL.search(clause))


def _clause(sentence: str, at: int) -> str:
    """The clause of `sentence` around position `at`: what the lead quotes."""
    start = max([m.end() for m in re.finditer(r"[;:—–]\s*|,\s+(?=but\b)|\bbut\s+", sentence[:at])] + [0])
    end_match = re.search(r"[;:—–]|,\s+(?:but|and|which|so)\b|(?<![A-Z])[.!?](?:\s|$)", sentence[at:])
    end = at + end_match.start() if end_match else len(sentence)
    clause = sentence[start:end].strip(" ,")
    return clause if len(clause) <= MAX_SHOWN else clause[:MAX_SHOWN].rsplit(" ", 1)[0] + " …"


def _phrase(text: str, match: re.Match) -> str:
    """The reading's word of strength with what it bears on ("completely", "ban new car parks")."""
    after = re.match(r"(?:\s+[\w'’-]+){0,3}", text[match.end():])
    words = (match.group(0) + (after.group(0) if after else "")).split()
    while len(words) > 1 and words[-1].lower() in {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is",
                                                    "are", "it", "that", "this", "they", "be", "by", "at", "with"}:
        words.pop()
    return " ".join(words).strip(" ,.?!")


def _number(word: str) -> float | None:
    word = word.lower().replace(",", "")
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


_PERCENT = re.compile(rf"\b(?P<n>{_NUM})\s*(?:%|per\s*cent\b|percent\b)", re.I)
_POINTS = re.compile(rf"\b(?P<n>{_NUM})\s+percentage\s+points?\b(?:\s+(?:higher|lower|more|less))?", re.I)


def _figures(reading: str, sentences) -> Verdict | None:
    """"14 of 400" where the essay gives 14 only with another whole ("14 of those 60"); "8%"
    where the essay says "eight percentage points" (a difference, not a share)."""
    for percent in _PERCENT.finditer(reading):
        n = _number(percent.group("n"))
        for slug, number, sentence, _ in sentences:
            for m in _POINTS.finditer(sentence):
                if _number(m.group("n")) == n:
                    return Verdict("figure", slug, number, m.group(0))
    for pair in _PAIR.finditer(reading):
        a, b = _number(pair.group("a")), _number(pair.group("b"))
        if a is None or b is None or a >= b:
            continue
        theirs = [(slug, number, m) for slug, number, sentence, _ in sentences for m in _PAIR.finditer(sentence)
                  if _number(m.group("a")) == a]
        if theirs and not any(_number(m.group("b")) == b for _, _, m in theirs):
            slug, number, m = theirs[0]
            return Verdict("figure", slug, number, m.group(0))
    return None


def reading_lead(ask: "Ask", quotes: Sequence[Quote], essays: Sequence[Essay]) -> str:
    """The first line for a reading put to the tutor to check, or "" (see the module docstring).
    The essays compared are those the answer quotes (what it is about), else those in scope."""
    reading = reading_of(ask.frame.text)
    if not reading:
        return ""
    quoted = list(dict.fromkeys(q.essay for q in quotes))
    compared = [e for e in essays if e.slug in quoted] or list(essays)
    scope = ask.scope
    verdict = check(reading, compared, scope.weights, tuple(scope.author_parts),
                    lambda stem: anchors(scope.document_frequency(stem), scope.paragraphs))
    if verdict is None:
        return ""
    surname = ask.scope.surname(verdict.essay)
    if verdict.kind == "yes":
        if any(q.essay == verdict.essay and q.paragraph == verdict.paragraph for q in quotes):
            return ask.t("reading_yes", surname=surname, paragraph=verdict.paragraph)
        return ask.t("reading_yes_quoted", surname=surname, paragraph=verdict.paragraph, words=verdict.shown)
    if verdict.kind == "partly":
        return ask.t("reading_partly", surname=surname, paragraph=verdict.paragraph, words=verdict.shown,
                     other=verdict.other, other_paragraph=verdict.other_paragraph)
    key = {"no": "reading_no", "stronger": "reading_stronger", "figure": "reading_figure"}[verdict.kind]
    return ask.t(key, surname=surname, paragraph=verdict.paragraph, words=verdict.shown)
