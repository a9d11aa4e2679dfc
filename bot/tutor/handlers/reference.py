"""How to cite an essay: "how do I cite rourke in APA?", "mla citation for the water essay".

The answer is a reference built from the essay's front matter (author, date, title, source),
never a refusal (two blind sets refused it as a topic the essays don't discuss). Only what the
front matter holds is used; what it lacks (page numbers, a URL, a volume) is said to be missing
rather than invented, and the paragraph numbers the tutor cites are offered in their place.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.corpus.essay import Essay
from bot.tutor.answer import Reply
from bot.tutor.context import Ask
from bot.tutor.handlers.summary import MAX_LISTED_ESSAYS

_CITE = re.compile(r"\b(?:how\s+(?:do|should|would|can)\s+(?:i|we|u|you)\s+(?:properly\s+)?(?:cite|reference)|"
                   r"(?:cite|citing|reference|referencing|citation|bibliograph\w*|works\s+cited)\b.{0,40}\b(?:apa|mla|"
                   r"chicago|harvard|style|format)|\b(?:apa|mla|chicago|harvard)\s+(?:style\s+)?(?:citation|reference|"
                   r"format|style)|\bcitation\s+for\b)", re.I)
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_ESSAY = re.compile(r"\b(?:essays?|articles?|readings?|texts?|pieces?|it|this|them|these)\b", re.I)
_STYLE = re.compile(r"\b(apa|mla|chicago|harvard)\b", re.I)


class Reference:
    name = "reference"

    def applies(self, ask: Ask) -> bool:
        # about these essays: one named, the conversation's, or "the essay", "it" ("how to cite
        # stuff in chicago style" is a general question, refused as off-topic)
        return bool(_CITE.search(ask.frame.text)) and bool(ask.named or ask.context_essays() or _ESSAY.search(
            ask.frame.text))

    async def answer(self, ask: Ask) -> Reply | None:
        scope, t = ask.scope, ask.t
        slugs = ask.in_view()
        essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_LISTED_ESSAYS]
        if not essays:
            return None
        found = _STYLE.search(ask.frame.text)
        style = found.group(1).lower() if found else "apa"
        lines = [t("cite_header", style=style.upper() if style in ("apa", "mla") else style.title())]
        lines += [f"• {reference(e, style)}" for e in essays]
        lines.append(t("cite_note"))
        return Reply("\n".join(lines[:-1]) + "\n\n" + lines[-1], "author", best=1.0, coverage=1.0,
                     essays=tuple(e.slug for e in essays), remember=False)


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in re.split(r"[\s-]+", given) if part)


def _date(essay: Essay) -> tuple[str, dt.date | None]:
    try:
        return essay.year, dt.date.fromisoformat(essay.published[:10])
    except ValueError:
        return essay.year, None


def reference(essay: Essay, style: str) -> str:
    """One reference in the style asked (APA by default), from front matter only."""
    parts = essay.author.split()
    surname, given = (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (essay.author, "")
    year, day = _date(essay)
    source = f" *{essay.source}*." if essay.source else ""
    if style == "mla":
        when = f", {day.day} {_MLA_MONTHS[day.month - 1]} {day.year}" if day else (f", {year}" if year else "")
        name = f"{surname}, {given}" if given else surname
        return f"{name}. “{essay.title}.”{source.rstrip('.')}{when}."
    if style == "chicago":
        when = f" {day.strftime('%B')} {day.day}, {day.year}" if day else (f" {year}" if year else "")
        name = f"{surname}, {given}" if given else surname
        return f"{name}. “{essay.title}.”{source.rstrip('.')}{',' if when else ''}{when}."
    # APA (and Harvard, which reads the same here)
    when = f"{day.year}, {day.strftime('%B')} {day.day}" if day else (year or "n.d.")
    name = f"{surname}, {_initials(given)}" if given else surname
    return f"{name} ({when}). {essay.title}.{source}"
