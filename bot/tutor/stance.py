"""For or against: a learner's reading of an author's stance, set against the essay's own words.

"so she's against e-books?", "is rana against helping ukraine", "she thinks the Danish system is
bad, correct?", "does he support sending weapons or not": the learner attributes a stance (for or
against something) and asks whether that is right. Most such readings are wrong (of 141 first-turn
yes/no questions with the writer's answer, FINAL-20..28, 73 were "no" and 26 "partly"), and the
learner who holds one is the least able to find the verdict in a quote.

Nothing here understands a sentence. A stance is a word of a small general lexicon (for:
"supports", "worth", "a real achievement", "rightly"; against: "oppose", "hostility", "ban",
"failure"), turned over by a denial just before it ("not a reason to ban", "Nothing here requires
hostility", "does not mean … should oppose"). The reading's stance is compared with the stances the
essay takes in the clauses that hold what the reading is about (its other rare words):

- only the opposite stance there: "No — … says otherwise (¶10): “it is a real achievement”";
- both: "Partly — “Digital lending is worth having” (¶15), but “… not worth having on terms …”";
- only the same: "Yes — … (¶31): “support for genuinely defensive military assistance”".

A clause that reports someone else's view ("Critics such as … have argued", "Ostrowski concludes")
is not the author's stance and is skipped. A reading with both stances, or none, gets no verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

# The lexicon: words that put a stance on what they bear on. Kept general (no essay's topic words).
_AGAINST = (r"against|oppos(?:e|es|ed|ing|ition)|hostil(?:e|ity)|hat(?:e|es|ed|ing)|dislik\w*|reject\w*|"
            r"bans?|banned|banning|prohibit\w*|abolish\w*|abolition|scrap(?:s|ped|ping)?|eliminat\w*|"
            r"get\s+rid\s+of|do\s+away\s+with|bad|worse|worst|harmful|failures?|"
            r"fail(?:s|ed)?|disast\w*|useless|pointless|mistaken|unfair|unwise|unsuccessful|wasteful|"
            r"flawed|condemn\w*|doomed|ineffective|illegitimate|unnecessary|a\s+mistake|a\s+waste")
_FOR = (r"support(?:s|ed|ing)?|favou?r(?:s|ed|ing)?|in\s+favou?r|worth(?:while)?|good|valuable|achievements?|"
        r"successful|success|effective|embrac(?:e|es|ed|ing)|champion(?:s|ed|ing)?|defend(?:s|ed|ing)?|"
        r"welcom(?:e|es|ed|ing)|rightly|useful|beneficial|admirable|encouraging|prais(?:e|es|ed|ing)|"
        r"endors(?:e|es|ed|ing)|preferable|sensible|legitimate|wise|necessary")
_STANCE = re.compile(rf"\b(?:(?P<against>{_AGAINST})|(?P<for>{_FOR}))\b", re.I)
STANCE_WORDS = rf"(?:{_AGAINST}|{_FOR})"  # either way, for patterns built on the lexicon
# a denial shortly before a stance word turns it over: "not a reason to ban", "Nothing here
# requires hostility", "does not mean that … leftists should oppose"; "not only" denies nothing
_DENIAL = re.compile(r"\b(?:not|never|no|nor|nothing|nobody|no\s+one|without|hardly|n['’]t)\b"
                     r"(?!\s+(?:only|just|merely|simply|least)\b)(?:\s+\S+){0,3}?\s*$", re.I)
# someone else's view, reported: not the author's stance
_REPORTED = re.compile(r"\b(?:critics?|opponents?|advocates?|supporters?|proponents?|skeptics?|sceptics?|"
                       r"reformers?|some\s+(?:on|in|of)|many\s+(?:on|in)|the\s+argument\s+goes|on\s+this\s+view)\b|"
                       r"(?<!\bI\s)\b(?:argues?|argued|claims?|claimed|concludes?|concluded|insists?|insisted|"
                       r"contends?|contended)\s+(?:that\b)?", re.I)
# Who takes a stance a verb states is its subject: "Internet Archive rejected the idea" is the
# Archive's. A verb counts as the author's only after "I", "we" or a word of ought ("should ban",
# "must be scrapped"), or as a noun ("support for", "a ban on", "an embrace of").
_VERB = re.compile(r"^(?:oppos(?:e|es|ed|ing)|reject\w*|ban(?:s|ned|ning)?|prohibit\w*|abolish\w*|scrap\w*|eliminat\w*|"
                   r"get\s+rid\s+of|do\s+away\s+with|condemn\w*|hat(?:e|es|ed|ing)|dislik\w*|"
                   r"support(?:s|ed|ing)?|favou?r(?:s|ed|ing)?|embrac\w*|champion\w*|defend\w*|welcom\w*|"
                   r"prais\w*|endors\w*)$", re.I)
_NOUN_AFTER = re.compile(r"^\s+(?:for|of|on|to|from)\b", re.I)
_AUTHOR_OR_OUGHT = re.compile(r"\b(?:I|we|should|must|ought\s+to|needs?\s+to|has\s+to|have\s+to|calls?\s+for|let\s+us)\b"
                              r"(?:\s+\S+){0,4}\s*$", re.I)
# "a good café", "the best seats": an adjective inside a noun phrase describes the thing, it takes
# no stance on it ("it is a real achievement" does: a verb of being comes first)
_ATTRIBUTIVE = re.compile(r"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bbe\s)\b(?:a|an|the|some|its|their|his|her)\s+"
                          r"(?:\w+ly\s+)?$", re.I)
_NOUN_NEXT = re.compile(r"^\s+(?!(?:of|for|to|in|on|at|and|or|but|than|that|as|because|since|if|when|with|by)\b)[a-z]",
                        re.I)
# A word in more than a tenth of the paragraphs in scope ("book" among six essays, one on libraries:
# "against e-books" took "more than book depots, and that is a good thing") is too common to tell
# what a stance bears on; in a small scope, a word in two paragraphs still does
ANCHOR_SHARE = 0.1
ANCHOR_MIN = 2
# … or a clause holding this share of the reading's words (by rarity) is about it too: a long
# reading ("the American left should oppose military help for Ukraine because the US is
# imperialist") has more than one word to anchor it
ABOUT_SHARE = 0.3
_BACK_REFERENCE = re.compile(r"^\s*(?:they|this|these|that|those|such|it(?!\s+(?:is|was|seems)\s+(?:high\s+)?(?:time|clear|"
                             r"true|possible|likely|unlikely|easy|hard|important|fair|worth\s+noting|often|also)\b))\b",
                             re.I)
_CLAUSE = re.compile(r"\s*(?:[;:—–()]|,\s+(?:but|yet|while|although|though|whereas)\b|\bbut\b)\s*", re.I)
MAX_SHOWN = 200  # characters of a clause a lead quotes


@dataclass(frozen=True)
class Stance:
    """A stance taken in a clause: `against` or not, where, and the clause's words."""
    against: bool
    essay: str
    paragraph: int
    words: str


_REPORTS = re.compile(r"\s+that\b", re.I)


def reading_stance(reading: str) -> tuple[bool, str] | None:
    """The stance a reading attributes (True: against) and what it bears on (the reading without
    its stance words), or None when it takes none or both ("bad for some, good for others")."""
    # "the author defend that cities must …", "she support that …": a learner's "argue that"
    # (Portuguese "defender que", Spanish "sostener que"), which states a claim, not a stance
    # (FINAL-39, judged blind: "No — … says otherwise" over the paragraph that says just that)
    found = {_against(m) ^ _denied(reading[:m.start()]) for m in _STANCE.finditer(reading)
             if not _REPORTS.match(reading[m.end():])}
    if len(found) != 1:
        return None
    return found.pop(), _STANCE.sub(" ", reading)


def anchors(paragraphs_with: int, paragraphs: int) -> bool:
    """Whether a word found in `paragraphs_with` of the scope's `paragraphs` is rare enough to
    tell what a stance bears on."""
    return paragraphs_with <= max(ANCHOR_MIN, ANCHOR_SHARE * paragraphs)


def stances(sentences: Iterable[tuple[str, int, str]], topic: Mapping[str, float],
            held: Callable[[str], frozenset[str]], anchor: Callable[[str], bool]) -> list[Stance]:
    """The stances the essay takes in the clauses of `sentences` (slug, paragraph, text) that hold
    the topic's rarest word, or two of its words and `ABOUT_SHARE` of its weight: what a stance there bears on. `anchor`
    says whether a word is rare enough for that (`anchors`)."""
    total = sum(topic.values())
    if total <= 0:
        return []
    rarest = max(topic, key=lambda s: topic[s])
    if not anchor(rarest):
        return []
    found: dict[Stance, None] = {}
    previous: tuple[str, int] | None = None  # where the last sentence about the topic was
    for slug, number, sentence in sentences:
        # "Digital lending is worth having. It is simply not worth having on terms …": a sentence
        # opening on a pronoun goes on about what the one before it was about
        follows = previous == (slug, number) and bool(_BACK_REFERENCE.match(sentence))
        previous = None
        if _REPORTED.search(sentence):
            continue
        for i, clause in enumerate(_clauses(sentence)):
            stems = held(clause)
            shared = [w for s, w in topic.items() if _holds(stems, s)]
            if not (follows and i == 0) and not _holds(stems, rarest) \
                    and (sum(shared) < total * ABOUT_SHARE or len(shared) < 2):
                continue
            previous = (slug, number)
            for m in _STANCE.finditer(clause):
                if _authors(clause, m):
                    found[Stance(_against(m) ^ _denied(clause[:m.start()]), slug, number, _shown(clause))] = None
    return list(found)


def _holds(stems: frozenset[str], stem: str) -> bool:
    """A clause holds a word, or a longer form of it ("ukrain" in "Ukrainian")."""
    return stem in stems or (len(stem) >= 5 and any(s.startswith(stem) for s in stems))


def _authors(clause: str, match: re.Match) -> bool:
    """Whether the stance word is the author's: not a verb of someone else's, not an adjective
    inside a noun phrase."""
    before, after = clause[:match.start()], clause[match.end():]
    if _VERB.match(match.group(0)):
        return bool(_NOUN_AFTER.match(after) or _AUTHOR_OR_OUGHT.search(before))
    return not (_ATTRIBUTIVE.search(before) and _NOUN_NEXT.match(after))


def _against(match: re.Match) -> bool:
    return match.group("against") is not None


def _denied(before: str) -> bool:
    """Whether a denial stands just before a word, within its clause."""
    return bool(_DENIAL.search(re.split(r"[,;:.!?()—–]|\bbut\b", before)[-1]))


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE.split(sentence) if c and len(c.split()) >= 3]


def _shown(clause: str) -> str:
    clause = clause.strip(" ,.")
    return clause if len(clause) <= MAX_SHOWN else clause[:MAX_SHOWN].rsplit(" ", 1)[0] + " …"
