"""Summaries: "summarize walt", "tl;dr", "what's rana's essay about", "main argument".

An essay's own `summary:` (front matter) when it has one, then its key sentences in reading
order (`bot.corpus.summary`, per essay version, so uploads get one too). Without a name, a
summary is about the essay the conversation is on, or every essay in view.
"""

from __future__ import annotations

from typing import Sequence

from bot.text import truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes
from bot.tutor.context import Ask

MAX_SCOPED_ESSAYS = 4  # essays a summary, comparison or author answer covers at most


class Summary:
    name = "summary"

    def applies(self, ask: Ask) -> bool:
        return ask.understood.intent == "summary"

    async def answer(self, ask: Ask) -> Reply | None:
        named = ask.named or ask.context_essays()
        return await summarise(ask, named or ask.all_slugs(), ask.qvec)


async def summarise(ask: Ask, slugs: Sequence[str], qvec) -> Reply:
    scope, tools, t = ask.scope, ask.tools, ask.t
    essays = [scope.by_slug[s] for s in slugs if s in scope.by_slug][:MAX_SCOPED_ESSAYS]
    if len(essays) == 1:
        essay = essays[0]
        key = await tools.key_sentences.of(essay, ask.encoder)
        lines = [t("summary_header", title=essay.title, author=essay.author)]
        if essay.summary:
            lines.append(t("summary_own", summary=essay.summary))
        lines.append(t("summary_key"))
        quotes = tools.fit_quotes(lines, [Sentence(essay.slug, s.paragraph, s.index, s.text, 0, 0.0, 0.0)
                                          for s in sorted(key, key=lambda s: s.key)])
        text = "\n\n".join(lines + [tools.quote_line(q) for q in quotes])
    else:
        lines = [t("summary_many_header")]
        quotes = []
        room = tools.settings.max_answer_chars // max(1, len(essays)) - 80
        for essay in essays:
            key = await tools.key_sentences.of(essay, ask.encoder)
            lines.append(t("summary_essay", title=essay.title, author=essay.author))
            if essay.summary:
                lines.append(t("summary_own", summary=truncate(essay.summary, room)))
            elif key:
                first = key[0]
                quote = group_quotes([Sentence(essay.slug, first.paragraph, first.index, truncate(first.text, room),
                                               0, 0.0, 0.0)], tools.lookup)[0]
                quotes.append(quote)
                lines.append(tools.quote_line(quote))
        text = "\n\n".join(lines)
    return Reply(text, "summary", quotes, best=1.0, coverage=1.0, query="", qvec=qvec,
                 essays=tuple(e.slug for e in essays))
