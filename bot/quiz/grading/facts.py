"""What the grader knows about an item beyond the one accepted answer it compares with
(`ItemFacts`: the key's and the question's words, true context, the people the essays name, the
relation the question asks for). Imports `analysis`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.quiz import lexicon, relations
from bot.quiz.grading.analysis import _NUMERIC, Analysis, _content_set, _name_words, analyse
from bot.quiz.items import BLANK, QuizItem
from bot.quiz.normalize import canonical


@dataclass(frozen=True)
class ItemFacts:
    """What the grader knows about an item beyond the one accepted answer it compares with.

    - `key_words`: content words of the main answer, the accepted answers and the reference
      sentence. Repeating them is never an extra word (the key's own words are not guesses).
    - `answer_words`: the same for the main and accepted answers only: the words a contradicting
      answer is compared with ("unipolar" against "multipolar").
    - `prompt_words` and `prompt`: the question's own words (not extra words) and the question as
      analysed, for answers that contradict the question itself.
    - `context`: canonical text an answer may draw true context from (prompt, answers, reference,
      explanation, the cited paragraph, the essay's title and author).
    - `people`: canonical names the essays give (authors and people named in the text), so that
      "as Adam Tooze said" is recognised even typed in lower case.
    """

    key_words: frozenset[str] = frozenset()
    answer_words: frozenset[str] = frozenset()
    prompt_words: frozenset[str] = frozenset()
    prompt: Analysis | None = None
    context: str = ""
    people: frozenset[str] = frozenset()
    key_negated: bool = False     # the main answer itself says something is missing ("it lacks ...")
    relation: str | None = None   # where the question puts its answer: "After which year" (`bot.quiz.relations`)
    key_numbers: frozenset[str] = frozenset()   # the numbers of the accepted answers ("1989", "1950s")
    glosses: tuple[str, ...] = ()  # the essay's own other names for the key (`bot.quiz.glosses`)
    key_names: frozenset[str] = frozenset()    # the answers' words written with a capital ("Cato")

    def free(self, word: str) -> bool:
        """A word that is never counted as an extra word: the key's or the question's own."""
        if word in self.key_words or word in self.prompt_words:
            return True
        s = lexicon.stem(word)
        return any(lexicon.stem(w) == s or lexicon.same_derivation(w, word) for w in self.key_words | self.prompt_words)


NO_FACTS = ItemFacts()


_BLANK_RUN = re.compile(r"_{3,}")


def item_facts(item: QuizItem, *, context: str = "", people: frozenset[str] = frozenset(),
               glosses: tuple[str, ...] = ()) -> ItemFacts:
    """The facts of one item; `context` is the cited paragraph's text and the essay's title and author."""
    answers = item.answers if item.kind in ("short_answer", "cloze") else [item.answer]
    answer_words = frozenset().union(*(_content_set(a) for a in answers))
    key_words = answer_words | _content_set(item.reference or "")
    prompt_text = item.prompt.replace(BLANK, " ")
    blank = _BLANK_RUN.search(item.prompt) if item.kind == "cloze" else None
    before_blank = canonical(item.prompt[:blank.start()]).split() if blank else None
    relation = relations.question_relation(canonical(prompt_text).split(), before_blank, canonical(item.answer).split())
    return ItemFacts(
        key_words=key_words, answer_words=answer_words, prompt_words=_content_set(prompt_text),
        prompt=analyse(prompt_text),
        context=" ".join(canonical(t) for t in (prompt_text, *answers, item.reference or "", item.explanation, context) if t),
        people=people, key_negated=analyse(item.answer).negated, relation=relation,
        key_numbers=frozenset(w for a in answers for w in canonical(a).split() if _NUMERIC.fullmatch(w)),
        glosses=glosses, key_names=frozenset().union(*(_name_words(a) for a in answers)),
    )
