"""About the author: "where does rana work", "who wrote…", "when was it published".

The author line from front matter (title, author, source, date) and the author's bio paragraph
when the essay has one; nothing is known about an author beyond what the essay carries.
"""

from __future__ import annotations

from bot.tutor.answer import Citation, Reply
from bot.tutor.context import Ask
from bot.tutor.handlers.summary import MAX_LISTED_ESSAYS
from bot.tutor.intent import CATALOGUE


class Author:
    name = "author"

    def applies(self, ask: Ask) -> bool:
        return ask.understood.intent == "author"

    async def answer(self, ask: Ask) -> Reply | None:
        scope, t = ask.scope, ask.t
        catalogue = bool(CATALOGUE.search(ask.frame.text))
        if catalogue:  # "which essay is oldest / longest": every essay, oldest first, with its length
            # (of the conversation's essays when it is on several: "which one was written first" after
            # a comparison of two)
            in_view = [scope.by_slug[s] for s in ask.in_view() if s in scope.by_slug]
            essays = sorted(in_view if len(in_view) >= 2 else scope.essays,
                            key=lambda e: (str(e.published or e.year or "9999"), e.title))
        else:
            slugs = ask.in_view()
            essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_LISTED_ESSAYS]
        lines, citations = [], []
        if ask.frame.in_bio and len(essays) == 1:
            # a work or a post named only in the note on the author: said so, before the note itself
            bio = sorted(scope.metadata.get(essays[0].slug, ()))
            lines.append(t("author_note_only", surname=scope.surname(essays[0].slug), words=ask.frame.in_bio,
                           paragraph=bio[0] if bio else len(essays[0].paragraphs)))
        if catalogue:
            lines.append(t("author_catalogue"))
        for essay in essays:
            where = ", ".join(x for x in (essay.source, essay.published or essay.year) if x)
            if catalogue:
                where = ", ".join(x for x in (where, t("author_paragraphs" if len(essay.paragraphs) != 1 else "author_paragraph",
                                                    count=len(essay.paragraphs))) if x)
                lines.append(t("author_line_published", title=essay.title, author=essay.author, where=where))
                continue
            lines.append(t("author_line_published", title=essay.title, author=essay.author, where=where) if where
                         else t("author_line", title=essay.title, author=essay.author))
            bios = sorted(scope.metadata.get(essay.slug, ()))
            if bios:
                para = essay.paragraph(bios[0])
                assert para is not None, (essay.slug, bios[0])  # a metadata paragraph of this essay
                lines.append(t("author_bio", author=essay.author, short_title=essay.display_short_title))
                lines.append(t("quote", quote=para.text, author=essay.author, short_title=essay.display_short_title,
                               paragraph=para.number, essay=essay.slug))
                citations.append(Citation(essay.slug, essay.title, essay.author, para.number, para.text))
            elif len(essays) == 1:
                lines.append(t("author_no_bio"))
        return Reply("\n\n".join(lines), "author", citations=citations, best=1.0, coverage=1.0, query=ask.text,
                     qvec=ask.qvec, essays=tuple(e.slug for e in essays))
