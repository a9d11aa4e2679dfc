""""I'm pretty sure Varga argues for privatising water, can you grab the quote?", "so she wants to
close the bridge to lorries, right?": a question that puts a position in the author's mouth which
the essay itself disowns.

Argumentative essays say what they are *not* arguing, in so many words, where a reader is most
likely to misread them: "Nothing here requires privatization", "This is not a plan to abolish
private aviation, and it is not a tax on being rich", "That does not mean abolishing practice".
Learners who misread an essay, and debaters who test a tutor with a false premise, land on exactly
these positions (FINAL-10..13, judged blind: every such question got the nearest quotes and no
"no"; "Varga wants water privatised" was written by two writers who never saw each other's sets).

A *disclaimer* is a sentence whose subject is the essay's own argument ("this", "it", "nothing
here", "none of this", "I", "my proposal") negated before what it disowns; what it disowns is its
*object* ("privatization", "abolish private aviation", "tax on being rich"). A question
*attributes* a position when a stance verb ("argues for", "wants to", "calls for", "proposes",
"is in favour of", "should") comes before what it attributes; its *head* is the first content word
after it. When the head is the object's first content word (as word forms: "privatising" and
"privatization"), the essay says no in its own words: the answer leads "No" and quotes that
paragraph. Nothing else is checked: a head that only shares a topic word with a disclaimer ("ban
private jets at peak hours" against "not a plan to abolish private aviation") gets no verdict here,
since a wrong "no" is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from bot.corpus.essay import Essay
from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences, render_answer, whole_paragraph
from bot.tutor.context import Ask
from bot.tutor.intent import content_words
from bot.tutor.scopes import stems

# What the author's own argument is called when it is disowned: "this", "I", "my proposal", "the
# scheme" (never "the critics", "the low price": their views), negated; or "nothing here", "none of
# this", which are their own negation.
_SELF = (r"(?:this|that|it|i|(?:my|our|the|this)\s+(?:argument|case|point|proposal|plan|aim|idea|scheme|reform|"
         r"change|essay|claim))")
_NOTHING = r"(?:nothing(?:\s+(?:here|in\s+(?:this|my|the)\s+(?:\w+\s+){0,2}?\w+))?|none\s+of\s+(?:this|that|it))"
_NEGATED = re.compile(
    rf"(?:^|[,;:(]\s*|\b(?:and|but|so)\s+)(?:{_SELF}(?:\s+(?:is|was|am|are|does|do|did|would|will|can))?"
    rf"(?:\s+not|\s+never|n['’]t)|{_NOTHING})\s+"
    r"(?:(?:an?|the)\s+)?(?:(?:argument|case|plan|call|proposal|plea|brief|demand|attempt)\s+(?:for|to|that)\s+|"
    r"(?:requires?|means?|argu(?:e|es|ing)\s+(?:for|that)|propos(?:e|es|ing)|call(?:s|ing)?\s+for|claim|"
    r"want(?:s|ing)?(?:\s+to)?|suggest(?:s|ing)?|advocat(?:e|es|ing)|ask(?:s|ing)?\s+for|mean(?:s)?\s+that)\s+|"
    # "it is not a tax on being rich": the disowned measure itself
    r"(?=(?:tax|ban|levy|subsidy|charge|fine|penalty|handout|bailout)\s+(?:on|for|of)\b))"
    r"(?P<object>[^,;:.!?()]{3,120})", re.I)
# A learner putting a position in the author's mouth: the verb of attribution, then what is attributed.
_ATTRIBUTES = re.compile(
    r"\b(?:argu(?:e|es|ed|ing)\s+(?:for|that)|wants?(?:\s+(?:us|them|cities|people|everyone|the\s+\w+))?(?:\s+to)?|"
    r"wanted(?:\s+to)?|call(?:s|ed|ing)?\s+for|propos(?:e|es|ed|ing)|recommend(?:s|ed|ing)?|advocat(?:e|es|ed|ing)|"
    r"in\s+favou?r\s+of|(?:is|are|was)\s+for|(?<=\s)pro|push(?:es|ing)?\s+for|support(?:s|ed|ing)?|endors(?:e|es|ed|ing)|"
    r"says?\s+(?:that\s+)?(?:we|they|you|\w+)\s+should|(?:is|are)\s+(?:saying|arguing)\s+(?:that\s+)?"
    r"(?:we|they|\w+)\s+should)(?:\s+|-)(?P<rest>[^?.!,;]{2,120})", re.I)
# Whose position it is: the author (a pronoun, "the author", a capitalised name, "the essay"), said
# just before the verb ("Varga argues for", "is marchbank arguing", "so she wants"); a name the
# learner typed in lower case counts too, but not an institution or place before the verb.
_SUBJECT = re.compile(r"(?P<who>[\w'’-]+)(?:\s+essay)?(?:\s+(?:really|actually|basically|just|also|even|simply|clearly|"
                      r"now|still))*\s*$", re.I)
_SELF_WORDS = {"she", "he", "they", "it", "author", "writer", "essay", "text", "article", "piece", "lady", "guy",
               "woman", "man", "one"}  # "does the water lady want…", "the jets one argues for…"
_NEGATIVE_CLAIM = re.compile(r"\b(?:not|never|no|against|doesnt|dont|isnt|didnt|without)\b|n['’]t\b", re.I)
# "ban private jets at peak hours", "only in some schools": a position narrowed to where the essay
# may well hold it; a disclaimer of the whole is no "no" to the part
_NARROWED = re.compile(r"\b(?:only|just\s+(?:at|in|for|during|on)|during|at\s+(?:peak|certain|busy|rush)|"
                       r"some|partly|partial(?:ly)?|certain|sometimes|when|where|unless|if|except)\b", re.I)
# one word family of ending or forbidding a thing: "a ban on private jets" asks what "not a plan to
# abolish private aviation" disowns
_FAMILIES = (frozenset({"ban", "abolish", "prohibit", "outlaw", "scrap", "elimin", "forbid"}),)
_CLAUSE = re.compile(r"^(?:[\w'’.-]+\s+){1,4}?(?:should|must|would|will|can|could|ought\s+to|need\s+to|"
                     r"has\s+to|have\s+to|is|are|was|were)\s+(?P<rest>.+)$", re.I)
_TO_VERB = re.compile(r"^(?:[\w'’-]+\s+){1,3}?to\s+(?P<verb>[a-z]{3,})", re.I)
_PARTICIPLE = re.compile(r"^[a-z]{4,}(?:ed|ised|ized)$")
# words that say how a position is held, never what it is
_HOLDING = {"really", "actually", "basically", "just", "also", "even", "totally", "completely", "fully", "entirely",
            "simply", "truly", "kind", "sort", "whole", "idea", "plan", "case", "argument", "proposal", "policy",
            "more", "some", "any", "all"}


@dataclass(frozen=True)
class Disclaimer:
    essay: str
    paragraph: int
    index: int
    head: str  # the stem of what it disowns, first ("privat" of "privatization")


class Premise:
    name = "premise"

    def applies(self, ask: Ask) -> bool:
        return bool(attributed_heads(ask.text, ask.scope.author_parts))

    async def answer(self, ask: Ask) -> Reply | None:
        heads = attributed_heads(ask.text, ask.scope.author_parts)
        slugs = ask.in_view()
        found = [d for slug in slugs if (essay := ask.tools.lookup(slug)) is not None
                 for d in disclaimers(essay) if any(related(d.head, h) for h in heads)]
        if len({d.essay for d in found}) != 1:
            return None  # none, or several essays disown it: not one author's "no"
        first = found[0]
        tools, t = ask.tools, ask.t
        sentences = whole_paragraph(tools.lookup, first.essay, first.paragraph)
        if not sentences:
            essay = tools.lookup(first.essay)
            para = essay.paragraph(first.paragraph) if essay else None
            texts = paragraph_sentences(para.text) if para else []
            sentences = [Sentence(first.essay, first.paragraph, i, texts[i], 0, 1.0, 1.0)
                         for i in range(first.index, min(len(texts), first.index + 2))]
        if not sentences:
            return None
        quotes = group_quotes(sentences, tools.lookup)
        return Reply(render_answer(t, quotes), "answer", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=(first.essay,), topic=" ".join(heads),
                     lead=t("lead_disowned", surname=ask.scope.surname(first.essay)))


def attributed_heads(text: str, authors: Iterable[str] | None = None) -> tuple[str, ...]:
    """The stems of a position the question attributes: its first content word, and a participle
    soon after it ("privatis" of "argues for privatising water utilities", "water" and "privatis"
    of "wants water utilities privatised"); () when it attributes none, a negative one ("she
    doesn't want to close it") or one narrowed to a part ("ban jets at peak hours")."""
    for match in _ATTRIBUTES.finditer(text):
        before = text[max(0, match.start() - 25):match.start()]
        subject = _SUBJECT.search(text[:match.start()])
        who = re.sub(r"['’]s$", "", subject.group("who").lower()) if subject else ""
        if not (who in _SELF_WORDS or (authors is not None and who in authors)):
            continue  # "Schiphol wanted to ban private jets": someone else's position
        rest = match.group("rest")
        if _NEGATIVE_CLAIM.search(before.split(",")[-1]) or _NEGATIVE_CLAIM.match(rest.strip()):
            continue
        if _NARROWED.search(rest):
            return ()
        words = [w for w in content_words(rest) if w not in _HOLDING]
        if not words:
            continue
        picked = [words[0]] + [w for w in words[1:5] if _PARTICIPLE.match(w)]
        verb = _TO_VERB.match(rest.strip())  # "wants pupils to stop working": "stop"
        if verb and verb.group("verb").lower() not in _HOLDING:
            picked.append(verb.group("verb").lower())
        return tuple(dict.fromkeys(x for w in picked for x in stems(w)[:1]))
    return ()


@lru_cache(maxsize=64)
def _disclaimers(slug: str, paragraphs: tuple[tuple[int, str], ...]) -> tuple[Disclaimer, ...]:
    out = []
    for number, text in paragraphs:
        for index, sentence in enumerate(paragraph_sentences(text)):
            for match in _NEGATED.finditer(sentence):
                disowned = match.group("object")
                # "None of this means pupils should stop working hard": what is disowned is the
                # verb after the modal or copula ("stop"), not the clause's subject ("pupils")
                clause = _CLAUSE.search(disowned)
                words = [w for w in content_words(clause.group("rest") if clause else disowned) if w not in _HOLDING]
                head = stems(words[0]) if words else ()
                if head:
                    out.append(Disclaimer(slug, number, index, head[0]))
    return tuple(out)


def disclaimers(essay: Essay) -> tuple[Disclaimer, ...]:
    """The sentences where the essay says what it is not arguing (cached per essay text, so an
    edited upload is read again)."""
    return _disclaimers(essay.slug, tuple((p.number, p.text) for p in essay.paragraphs))


def related(a: str, b: str) -> bool:
    """Two stems of one word family: equal, or sharing all but a suffix ("privatis", "privat")."""
    if not a or not b:
        return False
    if a == b or any(a.startswith(tuple(f)) and b.startswith(tuple(f)) for f in _FAMILIES):
        return True
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 6 and common >= min(len(a), len(b)) - 2
