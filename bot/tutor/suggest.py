"""What to ask instead, when the essays do not cover a question.

A refusal that ends the conversation teaches nothing, and a list of keywords ("¶53: Aziz, book,
completing, constitutional") means nothing to a learner. So a refusal offers two or three
questions the essays do answer, in words a learner would use and naming the author:

- near the topic (the nearest passages are reasonably close in meaning): the quiz questions
  written for those paragraphs, which are real questions with answers there (with the author's
  name when the question lacks it), then "What does Rana say about the security budget?" built
  from a paragraph's most distinctive phrase;
- far from every passage ("how do I bake sourdough?"): what each essay is about, since the
  nearest passage of an unrelated question is an accident.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from bot.prompts import PromptSection
from bot.retrieval import Hit
from bot.stopwords import FUNCTION_WORDS, QUESTION_WORDS
from bot.tutor.scopes import Scope, stems

NEAR_COSINE = 0.25  # below this, the nearest passages say nothing about the question
MAX_SUGGESTIONS = 3
MAX_ITEM_PROMPT_CHARS = 140
_PHRASE_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]+")


def key_phrase(scope: Scope, text: str, max_words: int = 3) -> str | None:
    """The run of content words that best names what a paragraph is about (rare words, repeated)."""
    runs: Counter = Counter()
    current: list[str] = []
    for word in _PHRASE_WORD.findall(text) + ["."]:
        low = word.lower().strip("'’")
        # Verb forms ("opening", "decimated", "largely") make a phrase read like a clause.
        if low in FUNCTION_WORDS or low in QUESTION_WORDS or len(low) < 3 or word == "." or low.endswith(
                ("ing", "ed", "ly")):
            for n in range(1, max_words + 1):
                for i in range(len(current) - n + 1):
                    runs[" ".join(current[i:i + n])] += 1
            current = []
        else:
            current.append(low)
    if not runs:
        return None

    def score(phrase: str) -> float:
        idf = sum(scope.idf(t) for t in stems(phrase))
        return runs[phrase] * idf * (1.0 + 0.3 * (len(phrase.split()) - 1))

    return max(sorted(runs), key=score)


def suggestions(t: PromptSection, scope: Scope, hits: Sequence[Hit], best_dense: float,
                items: Sequence[dict] = ()) -> list[str]:
    """Two or three questions the essays answer, nearest the question first."""
    out: list[str] = []
    if best_dense >= NEAR_COSINE:
        places = [(h.essay, h.paragraph) for h in hits if not scope.is_metadata(h.essay, h.paragraph)][:3]
        prompts = {(i["essay"], i.get("paragraph")): i["prompt"] for i in reversed(items)
                   if i.get("prompt", "").strip().endswith("?") and "__" not in i["prompt"]
                   and len(i["prompt"]) <= MAX_ITEM_PROMPT_CHARS}
        for slug, number in places:
            surname = scope.surname(slug)
            if (slug, number) in prompts:
                question = prompts[(slug, number)]
                out.append(question if surname.lower() in question.lower()
                           else t("suggest_by", question=question, surname=surname))
            else:
                essay = scope.by_slug.get(slug)
                para = essay.paragraph(number) if essay else None
                phrase = key_phrase(scope, para.text) if para else None
                if phrase:
                    out.append(t("suggest_about", surname=surname, topic=phrase))
    if not out:
        out = [t("suggest_summary", surname=scope.surname(e.slug)) for e in scope.essays]
    return list(dict.fromkeys(out))[:MAX_SUGGESTIONS]
