"""The author's answer to an objection: "her answer to the shopkeepers?", "and the disabled
driver", "NL is rich and tuvalu isnt. does she see it coming", "so if its insurmountable why
bother - whats his answer", "is she just ignoring them".

The question names the objection (or points at the last answer, which quoted it); the answer is
what the author says back. An essay states an objection in one place and answers it after: in the
next sentence, the next paragraph, or a later one that takes the objection's parts in turn ("Start
with the traders.", "As for drivers who truly need their cars, …"). Quoting the sentences nearest
the question's words gives the objection again, read as the author's view (FINAL-25, judged blind:
six such turns re-quoted the objection, two of them twice in a row).

So: find where the essay states the objection the question names (a sentence the map reads as a
concession, or in a paragraph that states the other side), then quote what follows it that answers
it: the author's turn ("But …", "This is true, and …", "I take these objections seriously") and,
when the objection has parts, the later sentence that takes up this part by its own words. No
statement of an objection near the question, or no answer after it: None, and the other handlers
answer as before.
"""

from __future__ import annotations

import re

from bot.corpus.argument import ArgumentMap, MapSentence
from bot.text import truncate
from bot.tutor.answer import Reply
from bot.tutor.answered import REBUTS, STATES_OBJECTION, reply_run, split_at_answer
from bot.tutor.compose import MAX_SENTENCE_CHARS, Sentence, group_quotes, render_answer
from bot.tutor.context import Ask
from bot.tutor.scopes import stems

# where an essay states the other side: the objection words `handlers/roles` weighs ("The strongest
# objection comes from …", "Critics such as …"), and "The Dutch case is often dismissed because …",
# "Some will say …"
_OTHER_SIDE = re.compile(rf"{STATES_OBJECTION.pattern}|\b(?:objects?|dismiss\w*|(?:some|many|others)\s+(?:will|would|"
                         r"may|might|could)\s+(?:say|argue|object|reply)|it\s+(?:will|might|may|could)\s+be\s+(?:said|"
                         r"objected|argued))\b", re.I)
# how an author's answer opens: the rebuttal openers of `handlers/roles` ("But …", "In response …"),
# and "This is true, and …", "I take these objections seriously", "As for drivers who …"
_ANSWERS = re.compile(rf"{REBUTS.pattern}|^(?:as\s+for|this\s+is\s+true|that\s+is\s+true|true,|i\s+(?:take|accept|"
                      r"grant|concede|agree)|(?:this|that|the|these|such)\s+(?:objections?|arguments?|criticisms?|"
                      r"worr(?:y|ies)|concerns?))\b", re.I)
# a turn inside the sentence that states the objection: "… is often dismissed because X, but the lesson is …"
_TURN_INSIDE = re.compile(r"[,;]\s+(?:but|yet|however)\s+\w", re.I)
# a question that asks for the objections themselves, with the reply only after them
_STATE_THEM = re.compile(r"\b(?:objections|counter[\s-]?arguments|criticisms|(?:strongest|best|main|biggest|"
                         r"hardest|key)\s+(?:objection|counter\w*|criticism|case\s+against))\b", re.I)
# "does she even think about people like me", "does she preempt": whether the author takes it up
_ASKED_WHETHER = re.compile(r"\b(?:does|did|do|is|has)\s+(?!the\s+answer)(?:\S+\s+){1,2}?(?:even\s+|ever\s+|really\s+|"
                            r"actually\s+)?(?:see\s+(?:it|this|that)\s+coming|anticipate|respond|reply|rebut|answer|deal|"
                            r"address|handle|pre-?empt|think\s+about|care\s+about|take\s+\S+\s+into\s+account|account\s+for)\b",
                            re.I)
# "is her reply convincing or does she dodge it": a choice or a judgement asked, no yes or no
_CHOICE = re.compile(r"\bor\b|\bconvinc\w*|\bgood\s+enough\b|\bfair\b", re.I)
SEARCH_SENTENCES = 40  # nearest sentences looked at for where the objection is stated
CONTEXT_BONUS = 0.08  # a sentence in an objection's paragraph, above one that only shares words
NAMED_BONUS = 0.1  # a sentence holding a rare word of the question ("shopkeepers", "disabled")
REPLY_PARAGRAPHS = 3  # how far after the objection its answer is looked for
ANSWER_GAP = 2  # an answer's opening sentence this close before the part that names the topic is quoted too
MIN_COSINE = 0.25  # below this the essay states no objection near the question
RARE_SHARE = 0.15  # a word in at most this share of an essay's sentences (or 3) is the question's own
MAX_ANSWER = 4  # sentences of the author's answer quoted


class Replies:
    name = "replies"

    def applies(self, ask: Ask) -> bool:
        request = ask.frame.request
        if _STATE_THEM.search(ask.frame.text):
            # "the strongest objection in teague and how does she reply", "list the three objections
            # she accepts and her reply": the objections themselves first (`handlers/roles`, which
            # adds the reply)
            return False
        if "reply" in request.roles:
            return True
        # "and the disabled driver" after "her answer to the shopkeepers?": the same request, of a new part
        previous = ask.previous
        return previous is not None and previous.request is not None and "reply" in previous.request.roles and \
            ask.follow == "shift" and not request.roles and request.shape == "answer" and not request.polar

    async def answer(self, ask: Ask) -> Reply | None:
        tools = ask.tools
        slugs = ask.in_view()
        maps = await tools.maps_for(ask.encoder, slugs)
        if not maps:
            return None
        topic = ask.frame.topic if ask.frame.topic_words() else ""
        rare_in = {slug: _rare_stems(m, topic) for slug, m in maps.items()}
        anchor = await self._anchor(ask, maps, topic, rare_in)
        if anchor is None:
            return None
        slug, objection = anchor
        argument = maps[slug]
        split = split_at_answer(argument, objection)
        if split is not None:
            # the sentence nearest the question closes the author's answer ("The weather objection is
            # a good argument for strong local emergency care."): the objection is the paragraph's
            # opening, the answer runs from where it began
            objection, begun = split
            answer = reply_run(argument, begun)
        else:
            # the question's rare words that the objection itself uses: "nurses", not "need" in "the
            # nurses need their spaces", find the part of the answer about this part of the objection
            rare = rare_in[slug] & set(stems(objection.text))
            answer = _answer(argument, objection, rare)
        if not answer:
            return None
        shown = ask.previous.last if ask.previous is not None else frozenset()
        picked = [objection, *answer]
        going_on = False
        if not topic and all((slug, s.paragraph, s.index) in shown for s in answer):
            # a bare "her reply" right after an answer that quoted the objection and the start of the
            # reply (the role handler's "… then X's reply", or `answered`): the reply goes on from
            # where that stopped; the same lines again read as a repeat (FINAL-34, judged blind). A
            # question that names the objection again gets it again.
            picked = _going_on(argument, answer[-1], {(p, i) for e, p, i in shown if e == slug})
            going_on = bool(picked)
            if not picked:
                # the whole reply was shown (`answered.reply_run`): it is all the author says
                chosen = [Sentence(slug, s.paragraph, s.index, truncate(s.text, MAX_SENTENCE_CHARS), 0, 1.0, 1.0)
                          for s in answer]
                quotes = group_quotes(chosen, tools.lookup)
                lead = ask.t("lead_no_more", surname=tools.surname_of(ask.scope, quotes),
                             paragraphs=", ".join(f"¶{n}" for n in dict.fromkeys(s.paragraph for s in answer)))
                return Reply(render_answer(ask.t, quotes), "answer", quotes, best=1.0, coverage=1.0,
                             query=ask.frame.query, qvec=ask.qvec, essays=(slug,), topic=topic, lead=lead)
        chosen = [Sentence(slug, s.paragraph, s.index, truncate(s.text, MAX_SENTENCE_CHARS), 0, 1.0, 1.0)
                  for s in picked]
        quotes = group_quotes(chosen, tools.lookup)
        surname = tools.surname_of(ask.scope, quotes)
        if going_on:
            return Reply(render_answer(ask.t, quotes), "answer", quotes, best=1.0, coverage=1.0,
                         query=topic or ask.frame.query, qvec=ask.qvec, essays=(slug,), topic=topic,
                         lead=ask.t("lead_reply_more", surname=surname))
        qvec = await tools.vector(ask.encoder, topic) if topic else ask.qvec
        return Reply(render_answer(ask.t, quotes), "answer", quotes, best=1.0, coverage=1.0, query=topic or ask.frame.query,
                     qvec=qvec, essays=(slug,), topic=topic, lead=_lead(ask, surname, objection.paragraph))

    async def _anchor(self, ask: Ask, maps: dict[str, ArgumentMap], topic: str,
                      rare: dict[str, set[str]]) -> tuple[str, MapSentence] | None:
        """Where the essay states the objection the question names, or, with no words of its own
        ("whats his answer"), the objection the last answer quoted. `rare`: each essay's
        `_rare_stems` of the topic."""
        previous = ask.previous
        shown = set(previous.last) if previous else set()
        if previous is not None and not shown and len(previous.paragraphs) == 1:
            # a paragraph shown whole ("¶8, what do the language people say"): every sentence of it
            # was shown ("and her response" re-quoted the objection: FINAL-36, judged blind)
            slug, number = previous.paragraphs[0]
            if slug in maps:
                shown = {(slug, s.paragraph, s.index) for s in maps[slug].sentences if s.paragraph == number}
        last = [(slug, maps[slug].get(p, i)) for slug, p, i in sorted(shown)
                if slug in maps and maps[slug].get(p, i) is not None]
        if previous is not None and (not topic or ask.frame.reference and not any(
                rare[slug] for slug in maps) or ask.frame.reference and any(
                rare[slug] & set(stems(s.text)) for slug, s in last if s is not None)):
            # "does he actually answer that puzzle": the objection is in the last answer, the
            # sentence there holding the question's own words first (a blind run's search for "that
            # puzzle" found an obstacle forty paragraphs on; "how does she answer pryce
            # specifically" took the first critics of the last answer, not Pryce). A reference
            # with words the last answer lacks ("the 'netherlands is rich' one") is searched for.
            held = [(slug, s) for slug, s in last if s is not None and _states_other_side(maps[slug], s)]
            held.sort(key=lambda x: -len(rare[x[0]] & set(stems(x[1].text))))
            return held[0] if held else None
        if not topic:
            return None
        qvec = await ask.tools.vector(ask.encoder, topic)
        found = await ask.tools.sentence_search(ask.encoder, ask.scope, qvec, list(maps), k=SEARCH_SENTENCES)
        best: tuple[float, str, MapSentence] | None = None
        for cosine, slug, p, i in found:
            s = maps[slug].get(p, i)
            named = bool(rare[slug] & set(stems(s.text))) if s is not None else False
            # "NL is rich": a sentence holding the question's rare word counts below the cosine floor
            if s is None or (cosine < MIN_COSINE and not named) or not _states_other_side(maps[slug], s):
                continue
            score = cosine + CONTEXT_BONUS * (s.role == "concession" or bool(_OTHER_SIDE.search(s.text)))
            if named:
                score += NAMED_BONUS
            if best is None or score > best[0]:
                best = (score, slug, s)
        return (best[1], best[2]) if best is not None else None


def _going_on(argument: ArgumentMap, last: MapSentence, shown: set[tuple[int, int]]) -> list[MapSentence]:
    """The author's reply after `last`, its last sentence already shown: the rest of its paragraph
    and the next one, up to `MAX_ANSWER` sentences not shown, stopping at a further objection."""
    out: list[MapSentence] = []
    for s in argument.sentences:
        if (s.paragraph, s.index) <= (last.paragraph, last.index) or s.paragraph > last.paragraph + 1:
            continue
        if s.paragraph > last.paragraph and s.index == 0 and _OTHER_SIDE.search(s.text):
            break  # "A second objection holds …": another objection, not more of this reply
        if (s.paragraph, s.index) not in shown:
            out.append(s)
        if len(out) >= MAX_ANSWER:
            break
    return out


def _lead(ask: Ask, surname: str, paragraph: int) -> str:
    """"does she deal with that", "does she even think about people like me": a yes or no asked,
    and the essay takes it up, so yes (FINAL-26..28, judged blind: such turns quoted the objection
    and its reply with no verdict, "partial"); otherwise the objection, then the reply."""
    if ask.frame.request.polar or _whether(ask.frame.text):
        return ask.t("lead_objection_taken_up", surname=surname, paragraph=paragraph)
    return ask.t("lead_objection_reply", surname=surname)


def _whether(text: str) -> bool:
    """"does she deal with that", not "how does she deal with that" (a question of how)."""
    if _CHOICE.search(text):
        return False
    for match in _ASKED_WHETHER.finditer(text):
        clause = re.split(r"[.?!,;:]", text[:match.start()])[-1]
        if not re.search(r"\b(?:how|what|why|where|when|which|who|whom)\b", clause, re.I):
            return True
    return False


def _states_other_side(argument: ArgumentMap, s: MapSentence) -> bool:
    """Whether a sentence is part of where the essay states an objection: read as a concession, or
    in a paragraph that names the other side before it ("The strongest objection comes from …")."""
    if s.role == "concession" or _OTHER_SIDE.search(s.text):
        return True
    before = [x for x in argument.sentences if x.paragraph == s.paragraph and x.index < s.index]
    return any(_OTHER_SIDE.search(x.text) for x in before) and not _ANSWERS.match(s.text.strip())


def _rare_stems(argument: ArgumentMap, topic: str) -> set[str]:
    """The question's words that few of the essay's sentences hold ("disabled", not "students"
    in an essay about students): the words that find the part of a reply about this part."""
    asked = set(stems(topic))
    if not asked:
        return set()
    counts = {w: 0 for w in asked}
    for s in argument.sentences:
        for w in asked & set(stems(s.text)):
            counts[w] += 1
    limit = max(3, int(RARE_SHARE * len(argument.sentences)))
    return {w for w, n in counts.items() if 0 < n <= limit}


def _answer(argument: ArgumentMap, objection: MapSentence, rare: set[str]) -> list[MapSentence]:
    """The sentences after the objection that answer it (see the module docstring)."""
    following = [s for s in argument.sentences if (objection.paragraph, objection.index) < (s.paragraph, s.index)
                 and s.paragraph <= objection.paragraph + REPLY_PARAGRAPHS]
    out: list[MapSentence] = []
    if _TURN_INSIDE.search(objection.text):
        # "The Dutch case is often dismissed because the Netherlands is rich, but the lesson is …":
        # the answer begins in the sentence itself; the next one carries it on
        nxt = argument.get(objection.paragraph, objection.index + 1)
        return [nxt] if nxt is not None else []
    turn = next((s for s in following if s.paragraph <= objection.paragraph + 2 and _ANSWERS.match(s.text.strip())),
                None)
    if turn is not None:
        out.append(turn)
        if turn.paragraph == objection.paragraph:
            # "No professional, the argument goes, works without notes … But this misunderstands
            # what expertise is.": answered in the paragraph that states it, by what follows the turn
            return reply_run(argument, turn)
    # the later sentence that takes up this part by most of its own words ("disabled drivers", not
    # "drivers who truly need their cars"), the earliest of those
    parts = [(len(rare & set(stems(s.text))), s) for s in following
             if s.paragraph > objection.paragraph and not _OTHER_SIDE.search(s.text)]
    most = max((n for n, _ in parts), default=0)
    part = next((s for n, s in parts if n == most), None) if most else None
    if part is not None and part not in out:
        opener = argument.get(part.paragraph, 0)
        if opener is not None and opener not in out and 0 < part.index <= ANSWER_GAP and _ANSWERS.match(opener.text.strip()):
            out.append(opener)  # "As for drivers who truly need their cars, …" before the Blue Badge
        out.append(part)
        nxt = argument.get(part.paragraph, part.index + 1)
        if nxt is not None and len(out) < MAX_ANSWER:
            out.append(nxt)  # "Surveys … overestimate how many of their customers drive." and the survey
    elif turn is not None:
        return reply_run(argument, turn)  # "But the conclusion does not follow." says little alone
    return out
