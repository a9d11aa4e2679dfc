"""Quiz items generated from the essays, one module per role (issue 20).

- `generator`: `ItemGenerator`, the run over a set of essays (in the model owner process);
- `context`: what every kind reads about an essay (argument map, names, vocabulary, vectors);
- `terms`: blankable terms, word shapes, "is the answer visible in the prompt";
- kinds: `cloze` (blanks and their choice twins), `who` (people and organisations the essay
  cites), `lists` (enumerations), `causes` (claims and their reasons), `definitions` (terms),
  `authors` ("which author argues …");
- `distractors`: wrong choices from the same essay, of the same type, wrong in the sentence;
- `difficulty`: easy/medium/hard from measured signals;
- `sample`: seeded draws (`--seed N --count K`);
- `review`: what a teacher reads (`--review FILE.md`, `--json`);
- `texts`: the question frames, from prompts/generation.yaml.
"""

from bot.quiz.generation.base import KINDS, Generated, GenerationReport, generated_status
from bot.quiz.generation.cloze import Candidate, select_sentences
from bot.quiz.generation.generator import ItemGenerator
from bot.quiz.generation.terms import Term, extract_terms, reveals_answer

__all__ = ["KINDS", "Candidate", "Generated", "GenerationReport", "ItemGenerator", "Term", "extract_terms",
           "generated_status", "reveals_answer", "select_sentences"]
