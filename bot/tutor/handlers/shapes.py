"""How several essays are built, side by side: "the four essays feel like they're built on the
same template?? compare the structure", "do the exams and libraries essays use the same format",
"what do all these essays have in common, my teacher said look for patterns".

Quotes that share the question's words ("template", "format") answer nothing here (FINAL-26..28,
judged blind: six such turns quoted lines about something else and said two essays had "nothing
close"). What the learner asks about is each essay's argument as a whole, which its argument map
(built at ingest, so uploads get one too) holds: where it defines its key term, where it announces
its reasons, where it takes up its strongest objection, and how it ends. The lead says which of
these moves every essay makes, and which essays lack one; then each essay's moves with a short
quote and its paragraph.
"""

from __future__ import annotations

import re

from bot.corpus.argument import KINDS_OF_TERM, ArgumentMap, MapSentence
from bot.text import truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes
from bot.tutor.context import Ask
from bot.tutor.handlers.define import defines
from bot.tutor.handlers.parts import REASON_NOUNS, announced_items

_STRUCTURE = re.compile(r"\b(?:structured?|structures|template|format|shape|construction|constructed|"
                        r"built\s+(?:on|around|alike|similarly|the\s+same)|organi[sz]ed|organi[sz]ation|layout|patterns?|"
                        r"formula|blueprint|same\s+(?:moves|steps|order|recipe|plan))\b", re.I)
# the essays as a set, with none named: "all these essays", "the four", "each one", "in common"
# ("these schemes" is no set of essays; "both" among more than two essays is the comparison
# handler's: the two closest)
_ALL = re.compile(r"\b(?:all|each|every|these|those)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?(?:essays?|ones?|pieces|"
                  r"texts|articles|readings|of\s+them)\b|\bthe\s+(?:two|three|four|five|six)\b|\bin\s+common\b", re.I)
# the strongest objection, as essays announce it, before any other concession
_STRONGEST = re.compile(r"\b(?:strongest|most\s+serious|biggest|main|hardest|best)\s+(?:objection|case\s+against|"
                        r"criticism|counter)", re.I)
_OBJECTION = re.compile(r"\b(?:objections?|critics?|opponents?|skeptics?|sceptics?)\b", re.I)
# "A parking minimum is a planning rule that obliges …": what kind of thing the term is
_KIND_OF = re.compile(rf"\b(?:is|are)\s+(?:an?\s+)?(?:[\w-]+\s+){{0,2}}{KINDS_OF_TERM}s?\s+(?:that|which|whereby)\b", re.I)
MOVES = ("definition", "reasons", "objection", "ending")
SHAPING = ("definition", "reasons", "objection")  # the moves that tell one essay's plan from another's
QUOTE_CHARS = 110  # of each move's sentence: four essays by four moves must fit one reply
MIN_ESSAYS = 2


class Shapes:
    name = "shapes"

    def applies(self, ask: Ask) -> bool:
        return bool(_STRUCTURE.search(ask.frame.text)) and len(self._essays(ask)) >= MIN_ESSAYS

    @staticmethod
    def _essays(ask: Ask) -> list[str]:
        if len(ask.named) >= MIN_ESSAYS:
            return list(ask.named)
        if not ask.named and _ALL.search(ask.frame.text):
            return ask.all_slugs()
        return []

    async def answer(self, ask: Ask) -> Reply | None:
        tools, t, scope = ask.tools, ask.t, ask.scope
        slugs = self._essays(ask)
        maps = await tools.maps_for(ask.encoder, slugs)
        found = {slug: moves(maps[slug]) for slug in slugs if slug in maps}
        if len(found) < MIN_ESSAYS or not any(found.values()):
            return None
        names = {slug: scope.surname(slug) for slug in found}
        shared = [move for move in SHAPING if all(move in m for m in found.values())]
        lines = [_lead(t, found, names, shared)]
        sentences: list[Sentence] = []
        for slug, made in found.items():
            essay = scope.by_slug[slug]
            lines.append("")
            lines.append(t("shapes_essay", surname=names[slug], short_title=essay.display_short_title))
            for move in MOVES:
                s = made.get(move)
                if s is None:
                    lines.append(t("shapes_missing", move=t(f"shapes_move_{move}")))
                    continue
                lines.append(t("shapes_move", move=t(f"shapes_move_{move}"), paragraph=s.paragraph,
                               quote=truncate(s.text, QUOTE_CHARS)))
                sentences.append(Sentence(slug, s.paragraph, s.index, s.text, 0, 1.0, 1.0))
        quotes = group_quotes(list(dict.fromkeys(sentences)), tools.lookup)
        return Reply("\n".join(lines), "comparison", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=tuple(found), topic=ask.frame.query)


def moves(argument: ArgumentMap) -> dict[str, MapSentence]:
    """The moves of an essay's argument its map shows: its first definition in the first half, the
    first item of its announced reasons, its strongest objection, and how its last paragraph opens."""
    last = max((s.paragraph for s in argument.sentences), default=0)
    if not last:
        return {}
    out: dict[str, MapSentence] = {}
    # read as a definition by the map and saying what a term is in so many words ("By X I mean …")
    definition = next((s for s in argument.sentences if s.role == "definition" and s.paragraph <= last / 2
                       and (defines(s.text, "") or _KIND_OF.search(s.text))), None)
    if definition is not None:
        out["definition"] = definition
    reasons = announced_items(argument, REASON_NOUNS, before=last * 0.6)
    if reasons:
        out["reasons"] = reasons[0]
    objection = strongest_objection(argument)
    if objection is not None:
        out["objection"] = objection
    ending = [s for s in argument.sentences if s.paragraph == last]
    if ending and last > 2:
        out["ending"] = next((s for s in ending if s.role in ("conclusion", "thesis", "claim")), ending[0])
    return out


def strongest_objection(argument: ArgumentMap) -> MapSentence | None:
    """The objection an essay calls its strongest ("Now the strongest objection, which I accept in
    part."), else its first concession naming an objection or its critics; a difficulty granted ("It's
    possible, but it won't be easy") is no objection taken up."""
    announced = [s for s in argument.sentences if _STRONGEST.search(s.text)]
    named = [s for s in argument.sentences if s.role == "concession" and _OBJECTION.search(s.text)]
    return next(iter(announced or named), None)


def _lead(t, found: dict[str, dict[str, MapSentence]], names: dict[str, str], shared: list[str]) -> str:
    """Which moves every essay makes, and who lacks the others."""
    every = t("shapes_both") if len(found) == 2 else t("shapes_all", count=len(found))
    if len(shared) == 1:
        lead = t("shapes_shared_one", every=every, moves=t(f"shapes_move_{shared[0]}").lower())
    elif shared:
        ordered = all([made[m].paragraph for m in shared] == sorted(made[m].paragraph for m in shared)
                      for made in found.values())
        lead = t("shapes_shared_ordered" if ordered else "shapes_shared", every=every,
                 moves=_join([t(f"shapes_move_{m}").lower() for m in shared], "; "))
    else:
        lead = t("shapes_none_shared")
    gaps = []
    for move in SHAPING:
        if move in shared:
            continue
        having = [names[slug] for slug, made in found.items() if move in made]
        lacking = [names[slug] for slug, made in found.items() if move not in made]
        if having and len(having) > len(lacking):
            gaps.append(t("shapes_all_but", move=t(f"shapes_move_{move}").lower(), names=_join(lacking)))
        elif having:
            gaps.append(t("shapes_only", move=t(f"shapes_move_{move}").lower(), names=_join(having)))
    return " ".join([lead, *gaps])


def _join(items: list[str], comma: str = ", ") -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return comma.join(items[:-1]) + f"{comma.strip()} and " + items[-1]
