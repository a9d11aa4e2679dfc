"""Questions that ask for places of a kind: "which cities got rid of parking minimums", "which
countries does rana name as client states", "what states passed laws like that".

The answer is where the essay names places of that kind, nearest the question in meaning, with a
lead that lists them. Searched by the question's words alone, "which cities got rid of parking
minimums" quoted the definition of a parking minimum and missed the paragraph naming Buffalo,
Minneapolis, San Jose and Austin (FINAL-45, judged blind). The places come from the gazetteer
(`bot.tutor.within.gazetteer_data`), so an uploaded essay's places are found the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.text import split_sentences, truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import MAX_SENTENCE_CHARS, Sentence, group_quotes, render_answer
from bot.tutor.context import Ask

# A city this size or larger counts when a question asks for cities: the essays' places are
# capitalised names in running text, so a smaller threshold than the region lookup's is safe here
# (Buffalo, 258,000, is below that one).
CITY_POPULATION = 50_000
PLACE_QUOTES = 3  # sentences of the one paragraph

_ASKED = re.compile(r"\b(?:which|what|name\s+(?:the|some|any|all)|list\s+(?:the|all)?)\s+(?:(?P<before>\w+)\s+)?"
                    r"(?P<kind>cities|city|towns?|countries|country|nations?|states|places)\b", re.I)
# "which client states", "what nation states": countries; "which states", "what US states": states
_STATE_WORDS = {"us", "u.s.", "american", "other", "the", "southern", "northern", "western", "eastern"}
_NAME_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-zà-ÿ]+(?:[ -](?:[A-Z][a-zà-ÿ]+|de|del|da|do))*")


def asked_kind(text: str) -> str:
    """"city", "country", "state" or "place" when the question asks which places of a kind, else ""."""
    found = _ASKED.search(text)
    if found is None:
        return ""
    kind = found.group("kind").lower()
    if kind.startswith(("cit", "town")):
        return "city"
    if kind.startswith(("countr", "nation")):
        return "country"
    if kind == "states":
        before = (found.group("before") or "").lower()
        return "state" if not before or before in _STATE_WORDS else "country"
    return "place"


@lru_cache(maxsize=1)
def _names() -> dict[str, frozenset[str]]:
    from bot.tutor.named import country_names
    from bot.tutor.within import gazetteer_data

    cache = gazetteer_data()
    if cache is None:  # pragma: no cover - a declared dependency
        return {"city": frozenset(), "country": frozenset(), "state": frozenset()}
    cities = frozenset(c["name"] for c in cache.get_cities().values() if int(c.get("population") or 0) >= CITY_POPULATION)
    countries = frozenset(country_names())
    states = frozenset(s["name"] for s in cache.get_us_states().values())
    return {"city": cities, "country": countries, "state": states}


def places_in(sentence: str, kind: str) -> list[str]:
    """The places of `kind` a sentence names, in order ("place": any kind)."""
    tables = _names()
    wanted = [tables[k] for k in (("city", "country", "state") if kind == "place" else (kind,))]
    out: list[str] = []
    for run in _NAME_RUN.finditer(sentence):
        words = run.group(0).split()
        # the longest leading part of the run that is a place ("San Jose", not "San Jose's Council")
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            if any(name in table for table in wanted):
                if name not in out:
                    out.append(name)
                break
    return out


class Places:
    name = "places"

    def applies(self, ask: Ask) -> bool:
        return bool(asked_kind(ask.frame.text)) and ask.understood.intent in ("answer", "why", "definition")

    async def answer(self, ask: Ask) -> Reply | None:
        kind = asked_kind(ask.frame.text)
        tools, scope = ask.tools, ask.scope
        slugs = ask.in_view()
        every = sum(len(s) for s in scope.normal_sentences.values())
        ranked = await tools.sentence_search(ask.encoder, scope, ask.qvec, slugs, k=every)
        # the closest sentence naming such places (best first: the first found), then the others of
        # its paragraph that name more ("Buffalo … adopted its Green Code in 2017." then "Minneapolis
        # followed in 2021, …"); each paragraph is split once
        top = None
        split: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for cosine, slug, paragraph, index in ranked:
            essay = scope.by_slug.get(slug)
            para = essay.paragraph(paragraph) if essay is not None else None
            if para is None or scope.is_metadata(slug, paragraph):
                continue
            if (slug, paragraph) not in split:
                split[(slug, paragraph)] = split_sentences(para.text)
            bounds = split[(slug, paragraph)]
            if index < len(bounds) and places_in(para.text[bounds[index][0]:bounds[index][1]], kind):
                top = (cosine, slug, paragraph, para.text, bounds)
                break
        if top is None:
            return None
        best, slug, paragraph, text, bounds = top
        found = [(best, slug, paragraph, i, text[a:b], places_in(text[a:b], kind)) for i, (a, b) in enumerate(bounds)]
        picked = [f for f in found if f[5]][:PLACE_QUOTES]
        chosen = [Sentence(slug, paragraph, index, truncate(text, MAX_SENTENCE_CHARS), 0, cosine, cosine)
                  for cosine, slug, paragraph, index, text, _ in picked]
        quotes = group_quotes(chosen, tools.lookup)
        names = list(dict.fromkeys(n for f in picked for n in f[5]))
        surname = tools.surname_of(scope, quotes)
        kinds = {"city": "cities", "country": "countries", "state": "states", "place": "places"}[kind]
        shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        lead = ask.t("lead_places_named", kinds=kinds, surname=surname, names=shown)
        return Reply(render_answer(ask.t, quotes), "answer", quotes, best=best, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=tuple(dict.fromkeys(q.essay for q in quotes)), topic=ask.frame.query,
                     lead=lead)
