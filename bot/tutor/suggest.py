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

from bot.index.retrieval import Hit
from bot.prompts import PromptSection
from bot.stopwords import FUNCTION_WORDS, QUESTION_WORDS
from bot.tutor.scopes import Scope, stems

NEAR_COSINE = 0.25  # below this, the nearest passages say nothing about the question
MAX_SUGGESTIONS = 3
MAX_ITEM_PROMPT_CHARS = 140
_PHRASE_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]+")


_NOT_NOUNS = re.compile(r"(?:ly|ing|ed|ous|ive|ful|able|ible|ic|al|ant|ent|est)$")
_LEADING = {"however", "nonetheless", "perhaps", "indeed", "moreover", "thus", "still", "instead", "rather", "even",
            "just", "only", "also", "very", "much", "many", "more", "most", "less", "least", "such", "own", "other",
            "little", "remains", "remain", "package", "officials", "contend", "changes", "reproduce", "gets", "things"}
_VERBS = re.compile(r"^(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|would|should|will|may|might|"
                    r"must|says?|said|makes?|made|takes?|took|gives?|gave|gets?|got|goes|went|comes?|came|seems?|"
                    r"remains?|becomes?|became|contends?|argues?|notes?|writes?|calls?|means?|needs?|wants?|"
                    r"requires?|reproduces?|changes?|leads?|feeds?)$")


def key_phrase(scope: Scope, text: str, max_words: int = 3, paragraph: tuple[str, int] | None = None) -> str | None:
    """What a paragraph is about, as a learner would name it: a name it mentions that few other
    paragraphs do ("the Kyoto Protocol"), else a noun phrase it repeats or that is rare in the
    scope ("the security budget"); never a run of words across a clause ("however little remains")."""
    if paragraph is not None:
        names = [e for e in scope.things.values() if e.kind == "name" and len(e.name) > 3
                 and any((p[0], p[1]) == paragraph for p in e.places)
                 and len({(p[0], p[1]) for p in e.places}) <= 3 and " " in e.name]
        if names:
            best = min(names, key=lambda e: (len({(p[0], p[1]) for p in e.places}), -len(e.name)))
            return best.name
    runs: Counter = Counter()
    determiners = {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "any", "every",
                   "such", "that"}
    for clause in re.split(r"[,.;:()—–?!“”\"]", text):
        words = _PHRASE_WORD.findall(clause)
        for n, word in enumerate(words[:-1]):
            if word.lower() not in determiners:
                continue
            # A noun phrase as the essay writes it: the words after a determiner, up to a function
            # word or a verb ("the security budget", "a deep bench", "the Kyoto Protocol").
            phrase: list[str] = []
            for nxt in words[n + 1: n + 1 + max_words]:
                low = nxt.lower().strip("'’")
                if (low in FUNCTION_WORDS or low in QUESTION_WORDS or len(low) < 3 or _VERBS.match(low)
                        or low.endswith(("ly", "n't", "n’t")) or low in _LEADING):
                    break
                phrase.append(low)
            while phrase and (_NOT_NOUNS.search(phrase[-1]) and not phrase[-1].endswith(("ing", "al"))):
                phrase.pop()
            if phrase:
                runs[" ".join(phrase)] += 1
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
                phrase = key_phrase(scope, para.text, paragraph=(slug, number)) if para else None
                if phrase:
                    out.append(t("suggest_about", surname=surname, topic=phrase))
    if not out:
        out = [t("suggest_summary", surname=scope.surname(e.slug)) for e in scope.essays]
    return list(dict.fromkeys(out))[:MAX_SUGGESTIONS]
