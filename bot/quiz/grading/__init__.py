"""Grading typed and chosen answers.

The rules, in order (each has a table of accepted and rejected answers in the tests, and
`tests/quiz/grading_table.py` holds the (answer, verdict) table the accuracy is reported on):

1. Normalise both sides: case, Unicode quotes and dashes, accents, punctuation, a leading
   article, possessive "'s", `%` -> "percent", number words -> digits (years too: "nineteen
   eighty-nine" -> 1989), decade words -> "90s", "Jan 6" -> "january 6", "WWII" -> "second
   world war", "U.S." -> "united states".
2. Whole answer: exact match against the answer or an accepted alternative, a decade or
   spacing variant, or small typos in each word ("Internatonal Criminal Cort").
3. A person's name written surname first ("Beinart, Peter"); the parts of a two-part answer in
   another order ("Finland and Sweden").
4. Guess lists with separators ("Putin, Xi or Modi") are rejected before any looser rule.
5. Word by word (rule "words"): every content word of an accepted answer must be matched by a
   word of the answer: the same word, a small typo scaled to the word's length (none up to 4
   letters, never across digits, never a changed first letter, so "unsuccessful" is not a typo
   of "successful"), another form of it ("anti-imperialism" for "anti-imperial", not for names)
   or a listed synonym ("storming" for "riot"). Negation and direction must agree: "not",
   "no", "lack", "shortage" flip an answer; "raise"/"cut", "increase"/"decrease",
   "expand"/"scale back", "impose"/"lift" give it a direction. A neutral accepted answer ("the
   security budget") takes the direction of the item's main answer ("scaling back the security
   budget"), so "expanding the security budget" fails. The matched words keep their order
   (except around "of": "the storming of the Capitol"). A few extra words are allowed ("I think
   it was Putin", "the NIEO initiative"), but not a list of other candidates run together
   ("Peter Beinart Daniel Bessner", "exceptionalism creedalism liberalism").
6. Meaning (short answers with a reference sentence only): the best embedding cosine between the
   answer and the reference or an accepted answer, at or above a calibrated threshold, for
   answers of at least three content words. Embeddings barely see negation, direction or word
   order ("budget security the back scaling" scores 0.79), so meaning never accepts an answer
   whose negation or direction disagrees with the text it matched, nor one whose words are the
   answer's words scrambled, nor one rule 5 already rejected for negation, direction or guessing.

Issue 20 added (each with a table in tests/quiz/test_quiz_contradictions.py, and the blind table
in tests/data/blind_grading_table.yaml): answers are read in clauses, so true context ("1989,
when the Berlin Wall fell") is not extra words and "the dollar, not the euro" excludes the euro;
`contradiction` refuses opposite words (`bot.quiz.lexicon`), answers that contradict the question,
and people the cited passage does not credit; the meaning rule also refuses another actor and a
swapped key word; abbreviations, acronyms of the key's names, UK spellings and ordinal dates match.

Issue 20's second blind table added, one module per concern: `bot.quiz.normalize` (rule 1 and the
whole-answer comparisons, moved out of the grading module), `bot.quiz.relations` (a relation word
that moves the key: "before 1989", "more than 30%"; "the decade after the 1940s" resolved),
`bot.quiz.negation` (how far a negation reaches: "freed from", "anything but", "not X but Y", a key
word denied, the opposite of a negated key), `bot.quiz.places` ("Bosnia and Herzegovina" is one
name), `bot.quiz.glosses` (the essay's own other name for a key) and `bot.quiz.attribution` (who an
answer credits, moved out of the grading module). In this package: a kind noun or an appositive
describes the answer ("Cato, the libertarian think tank"), a key's head noun swapped for another
noun is a near miss ("a clear political opponent"), a typed choice may exclude a distractor
("Indonesia, not Canada") but not put another party or place in the choice's frame ("coterminous
with China's interests"), and the question's own phrase with another modifier contradicts it ("30%
of rice exports"). Tables: tests/quiz/test_quiz_relations.py, test_quiz_negation_scope.py,
test_quiz_context_and_forms.py, test_quiz_typed_choices.py, test_quiz_glosses.py, and the second
blind table in tests/data/blind_grading_table2.yaml.

Every result names the rule that decided it (`why`) and the accepted answer it was compared
with (`target`), so a moderator can see why an answer passed or failed (`tutorbot quiz grade`).

The package, by role (each module may import only the ones above it, and `bot.quiz`'s word
modules: `normalize`, `lexicon`, `negation`, `relations`, `places`, `glosses`, `attribution`,
`items`; names with a leading underscore are shared inside the package only):

- `result`: `GradeResult`, `WHY` and the answer length limit.
- `analysis`: an answer read as words (rule 1's output split into clauses, content words,
  negation and direction: `analyse`).
- `facts`: what the grader knows about an item beyond one accepted answer (`ItemFacts`).
- `rules`: word matching (rules 2-5: one word against another, one accepted answer against the
  answer, guess lists, a name written surname first).
- `polarity`: negation and direction (`contradiction`, the question's frame, an item's polarity).
- `short_answer` and `choices`: the word rules for typed answers (`grade_text`) and for choices
  (`grade_choice`, `resolve_choice`).
- `meaning`: the embedding-based rule 6 and a choice described in the player's own words.
- `grader`: `Grader`, the entry point that combines them (and caches each item's facts).
"""

from bot.quiz.grading.choices import grade_choice, shown_choices
from bot.quiz.grading.grader import Grader
from bot.quiz.grading.meaning import DEFAULT_SEMANTIC_THRESHOLD
from bot.quiz.grading.result import MAX_ANSWER_CHARS, WHY, GradeResult
from bot.quiz.grading.short_answer import grade_text

__all__ = ["Grader", "GradeResult", "WHY", "MAX_ANSWER_CHARS", "DEFAULT_SEMANTIC_THRESHOLD", "grade_text", "grade_choice",
           "shown_choices"]
