"""Where a follow-up looks first: the paragraphs the last answer quoted and their neighbours.

"Why?", "give an example", "under what conditions" are about what was just said, so their
answers come from the last answer's paragraphs (sentences not shown yet first), then the
paragraphs on either side, before anything else.
"""

from __future__ import annotations

from bot.index.retrieval import Hit, SearchResult
from bot.tutor.compose import MIN_WORDS, paragraph_sentences
from bot.tutor.conversation import Turn
from bot.tutor.scopes import Scope


def around(tools, scope: Scope, previous: Turn) -> list[Hit]:
    """The previous answer's paragraphs, then their neighbours, as hits in that order."""
    places = list(dict.fromkeys(previous.paragraphs))
    places += [(e, p + d) for e, p in previous.paragraphs for d in (-1, 1)]
    return [tools.hit(e, p) for e, p in dict.fromkeys(places)
            if tools.lookup(e) and tools.lookup(e).paragraph(p) and not scope.is_metadata(e, p)]


def near(tools, wide: SearchResult, previous: Turn) -> list[Hit]:
    """Retrieval limited to the previous answer's paragraphs and their neighbours."""
    cited = set(previous.paragraphs)
    unquoted = {(e, p) for e, p in cited if has_unquoted(tools, e, p, previous.quoted)}
    # "why?" or "what does he mean?" is about the paragraphs just quoted: their other sentences
    # first; only when those are used up, the neighbouring paragraphs.
    nearby = unquoted or {(e, p + d) for e, p in cited for d in (-1, 1)}
    kept = [h for h in wide.hits if (h.essay, h.paragraph) in nearby]
    return kept or wide.hits


def has_unquoted(tools, slug: str, number: int, quoted: frozenset) -> bool:
    essay = tools.lookup(slug)
    para = essay.paragraph(number) if essay else None
    if para is None:
        return False
    parts = paragraph_sentences(para.text)
    return any((slug, number, i) not in quoted and len(s.split()) >= MIN_WORDS for i, s in enumerate(parts))
