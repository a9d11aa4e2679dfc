"""Fill-in-the-blank items (and their multiple-choice twins) from the essay's key sentences.

Issue 11 and issue 20 measured what makes a blank worth keeping; the rules, in order:
- **Sentences by importance**, as the essay's summary ranks them (`bot.corpus.summary.importance`),
  one per paragraph first; `select_sentences` is the one function to swap for another ranking.
- **Only terms that carry the sentence's meaning**: a quoted coinage, a concept word of the
  essay ("unipolarity", "creedalism"), an organisation's or an initiative's name, or one of the
  essay's own recurring rarer nouns. Measured, not guessed: the sentence's vector with the term
  replaced by "something" must move away from the sentence's own vector (`MEANING_MAX_COSINE`).
  Filler nouns any synonym fits ("the ____ of social change": achievement, pursuit) barely move it.
- **No general knowledge**: no years, decades or figures ("since ____ … President Donald Trump"
  is 2016 to anyone who reads the news), no places, and no people (who said what is a `who` item).
- **Nothing given away**: not a word of the essay's title, not a term riding on a pairing the
  essay repeats ("democratic ___"), not one entry of a list of names, and never an answer the
  prompt shows, in any form or as its opposite ("multipolar" gives "unipolarity" away).
- **Synonyms the essay uses are accepted**: an essay word very close in meaning to the answer
  (`SYNONYM_COSINE`) or a known near-synonym is added to the accepted answers.
- **Choices** come from `distractors.pick`: same essay, same type and shape, wrong in the sentence.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np
from rapidfuzz import fuzz

from bot.corpus.essay import Essay
from bot.corpus.summary import essay_sentences, importance
from bot.quiz.generation import difficulty
from bot.quiz.generation.base import Generated, item_id
from bot.quiz.generation.context import SKIP_SECTIONS, EssayFacts
from bot.quiz.generation.defined import defined_terms
from bot.quiz.generation.distractors import SYNONYM_COSINE, pick
from bot.quiz.generation.terms import STOP, Term, extract_terms, near_synonyms, overlaps, reveals_answer, roots, shape
from bot.quiz.items import BLANK, Kind, QuizItem
from bot.quiz.normalize import canonical
from bot.text import strip_markdown
from bot.tutor.vocabulary import english_counts

if TYPE_CHECKING:
    from bot.quiz.generation.generator import ItemGenerator

log = logging.getLogger(__name__)

EncodeFn = Callable[[list[str]], np.ndarray]
MIN_WORDS, MAX_WORDS = 10, 45
MAX_PROMPT_CHARS = 400
# A lower-case word this common in general English (Google Books counts; "version" 232M, "account"
# 204M) makes a blank nobody can answer from the essay. The essay's own vocabulary is rarer
# ("coalition" 12M, "globalization" 4.6M, "interregnum" 58K).
COMMON_KEYWORD_COUNT = 15_000_000
# The share of an essay's sentences (most important first) items are made from.
IMPORTANT_SHARE_LONG, IMPORTANT_SHARE_SHORT = 0.8, 0.9
# The sentence with the term replaced by "something" must fall to this cosine or below: the term
# carries the sentence's meaning. Measured with all-MiniLM-L6-v2 on the seed essays: filler blanks
# ("achievement", "populations", "struggle") stay at 0.96-0.99; "militarization", "creedalism",
# "interregnum" fall to 0.80-0.90.
MEANING_MAX_COSINE = 0.93
_GENERIC = set("""
important significant political politics different particular current existing general possible various
certain several between without against because through although however already another whether
policy policies foreign country countries government states national international global world
people something anything everything nothing someone approach position question questions interest
context process building leaders practices principles objectives experience importance standards options
matters terms ground result concern concerns issue issues moment moments period decades century history
analysis effects conditions response potential massive symbolic
interests support supporters problem problems reason reasons result results example examples number
especially actually generally simply clearly largely broadly deeply strongly directly recently
""".split())
_NOUN_LEAD = {"the", "a", "an", "of", "its", "their", "his", "her", "our", "this", "that", "these", "those", "any",
              "some", "no", "for", "with", "in", "on", "by", "from", "such", "shared", "whose", "each", "every", "more",
              "greater"}
_ADVERBS = {"thus", "also", "still", "then", "now", "often", "even", "too", "instead", "again", "already", "here", "there"}
_PRIORITY = {"quote": 0, "term": 1, "name": 2, "keyword": 3}
_NOT_NOUNS = {"overseas", "abroad", "ahead", "anyway", "elsewhere", "together", "otherwise", "whatever", "nowhere",
              "somewhere", "everywhere", "whenever", "although", "whereas"}
# A sentence whose subject points back ("They note …", "Taken together, these policies …") reads
# as a riddle on its own.
_DANGLING = re.compile(r"^(?:\W*\w+,?\s+){0,3}?(?:this|these|those|they|it|its|their|such)\b", re.I)


@dataclass
class Candidate:
    essay: Essay
    paragraph: int
    sentence: str
    centrality: float          # the sentence's importance (higher first)


def select_sentences(essay: Essay, encode: EncodeFn) -> list[Candidate]:
    """The essay's askable sentences, most important first (one ranking for summaries and quizzes).

    Swappable: `ItemGenerator(select=...)` takes any function with this signature.
    """
    all_sentences = [s for s in essay_sentences(essay) if _section_ok(essay, s.paragraph)]
    if not all_sentences:
        return []
    texts = [strip_markdown(s.text) for s in all_sentences]
    vectors = np.asarray(encode(texts + [essay.title]), dtype=np.float32)
    scores = importance(all_sentences, vectors[:-1], len(essay.paragraphs), vectors[-1])
    order = sorted(range(len(all_sentences)), key=lambda i: -float(scores[i]))
    share = IMPORTANT_SHARE_LONG if len(all_sentences) >= 60 else IMPORTANT_SHARE_SHORT
    keep = order[: max(1, int(round(len(order) * share)))]
    out = []
    for i in keep:
        text = texts[i]
        words = len(text.split())
        if MIN_WORDS <= words <= MAX_WORDS and not text.endswith("?") and len(text) <= MAX_PROMPT_CHARS:
            out.append(Candidate(essay, all_sentences[i].paragraph, text, float(scores[i])))
    return out


def _section_ok(essay: Essay, number: int) -> bool:
    paragraph = essay.paragraph(number)
    return paragraph is not None and paragraph.section.strip().lower() not in SKIP_SECTIONS


def ordered_candidates(gen: "ItemGenerator", facts: EssayFacts) -> list[Candidate]:
    """Askable sentences, most important first, one per paragraph before any second one."""
    ranked = gen.select(facts.essay, gen.encode)
    first: list[Candidate] = []
    rest: list[Candidate] = []
    seen: set[int] = set()
    for c in ranked:
        (rest if c.paragraph in seen else first).append(c)
        seen.add(c.paragraph)
    return first + rest


def keywords(facts: EssayFacts, sentence: str, taken: list[Term]) -> list[Term]:
    """The essay's own recurring vocabulary ("restrained", "solidarity"): lower-case nouns of seven
    letters or more found in at least two of its paragraphs but not everywhere."""
    spans = [(t.start, t.end) for t in taken]
    paragraphs = max(1, len(facts.paragraphs))
    out = []
    for m in re.finditer(r"(?<![\w'’-])[a-z]{7,}(?![\w'’-])", sentence):
        word = m.group(0)
        if (word in STOP or word in _GENERIC or word in _NOT_NOUNS or word.endswith(("ly", "ing", "ed"))
                or overlaps(spans, m.start(), m.end())):
            continue
        before = re.findall(r"[A-Za-z’'-]+", sentence[:m.start()])
        previous = before[-1].lower() if before else ""
        if not (previous in _NOUN_LEAD or previous.endswith(("al", "ic", "ive", "ous", "ary", "ist", "ian", "ed"))):
            continue  # a verb or an adverb blanked reads as a riddle; only the head of a noun phrase
        if _verbish(facts, word) or english_counts().get(word, 0) >= COMMON_KEYWORD_COUNT:
            continue
        count = facts.word_paragraphs[word]
        if 2 <= count <= max(3, paragraphs // 3):
            out.append(Term(word, "keyword", m.start(), m.end()))
    return out


def _verbish(facts: EssayFacts, word: str) -> bool:
    """The essay uses the word as a verb somewhere ("which requires", "to require")."""
    cache = facts.__dict__.setdefault("_verbish", {})
    if word not in cache:
        stems = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word}
        pattern = r"\b(?:to|it|they|he|she|which|who|that|this|will|would|can|could|must|should|may|might|does|do|often|also)\s+(?:%s)\b"
        low = facts.__dict__.setdefault("_lower_text", facts.text.lower())
        cache[word] = re.search(pattern % "|".join(map(re.escape, stems)), low) is not None
    return cache[word]


def usable(facts: EssayFacts, term: Term) -> bool:
    """A term worth a blank by its type and frequency (the meaning test comes later)."""
    key = term.key
    if not key or key in STOP or len(key) < 3:
        return False
    paragraphs = max(1, len(facts.paragraphs))
    if term.kind == "keyword" or term.kind == "quote":
        return True
    if term.kind == "term":
        return facts.word_paragraphs[key] <= max(2, paragraphs // 6)  # not the essay's constant refrain
    return False  # names are `who` items; years, decades, figures are general knowledge or rote


_DEFINED_HERE = re.compile(r"^\s*By\s+(?:the\s+|a\s+|an\s+)?[“\"]?\s*$")


def trivial(facts: EssayFacts, sentence: str, term: Term) -> bool:
    """The blank is given away by a pairing the essay repeats, a compound it modifies
    ("_____ promotion"), a name next to it, or it is one entry of a list of names."""
    if _DEFINED_HERE.match(sentence[:term.start]) and re.match(r"\s*,?[”\"]?,?\s*(?:I|we)\s+mean\b", sentence[term.end:]):
        # 'By "_____" I mean … a bus at least every fifteen minutes': the definition that follows
        # gives the term away, and the term item asks it the right way round (a blind teacher,
        # round 17: both such blanks weak, "the definition nearly gives away 'frequent'")
        return True
    before = canonical(sentence[:term.start]).split()
    after = canonical(sentence[term.end:]).split()
    words = term.key.split()
    own_words = canonical(sentence).split()
    own: dict[tuple[str, str], int] = dict()
    for pair in zip(own_words, own_words[1:]):
        own[pair] = own.get(pair, 0) + 1
    if before and words and before[-1] not in STOP and facts.bigrams[(before[-1], words[0])] - own.get((before[-1], words[0]), 0) >= 1:
        return True
    if after and words and after[0] not in STOP and facts.bigrams[(words[-1], after[0])] - own.get((words[-1], after[0]), 0) >= 1:
        return True
    if term.kind in ("term", "keyword") and len(words) == 1 and after:
        following = after[0]
        raw_next = sentence[term.end:term.end + 2]
        if (following.isalpha() and following not in STOP and following not in _ADVERBS
                and not following.endswith("ly") and raw_next[:1] == " "):
            return True  # "_____ promotion": the blank modifies a noun it forms a set phrase with
    if term.kind == "name":
        left = sentence[:term.start].rstrip()
        right = sentence[term.end:].lstrip()
        if re.search(r"[A-Z][\w.’'-]+\s+(?:and|or)$", left) or re.match(r"(?:and|or)\s+[A-Z]", right):
            return True
        if re.search(r"[A-Z][\w.’'-]+,\s*$", left) or re.match(r",\s*[A-Z][\w.’'-]+,", right):
            return True  # one entry of "Chile, Argentina, Brazil, _____, Iran"
    return False


def _title_roots(facts: EssayFacts) -> set[str]:
    return roots(facts.essay.title) | roots(facts.essay.short_title or "")


def term_pool(facts: EssayFacts, kind: str) -> list[str]:
    """Every term of `kind` the essay uses (the candidates for its distractors)."""
    cache = facts.__dict__.setdefault("_pool", {})
    if kind not in cache:
        found: dict[str, str] = {}
        for s in facts.sentences:
            text = facts.sentence_text(s)
            terms = extract_terms(text)
            for term in terms + keywords(facts, text, terms):
                k = "concept" if term.kind in ("term", "keyword") else term.kind
                if k == kind and usable(facts, term):
                    found.setdefault(term.key, term.text)
        cache[kind] = list(found.values())
    return cache[kind]


def synonyms_in_essay(gen: "ItemGenerator", facts: EssayFacts, term: Term) -> list[str]:
    """Essay words that say what the answer says: accepted too."""
    pool = [p for p in term_pool(facts, "concept") if canonical(p) != term.key and shape(p) == shape(term.text)]
    out = [p for p in pool if near_synonyms(p, term.text)]
    if pool:
        sims = gen.vectors(pool) @ gen.vectors([term.text])[0]
        out += [p for p, sim in zip(pool, sims) if sim > SYNONYM_COSINE and p not in out]
    return out


_BACK_NOUN = re.compile(r"^(?:\W*\w+,?\s+){0,6}?(?:this|these|such)\s+(?:[A-Za-z-]+\s+){0,2}?(?P<noun>[a-z]{4,})\b")


def back_references(facts: EssayFacts, candidate: Candidate, term: Term) -> list[str]:
    """The essay's own word for the blanked idea, from a sentence that points back at this one
    ("The consequence was a systematic withdrawal …" / "The effects of this American defection …",
    the sentences that refer back to it or come right after it): an answer the essay itself gives,
    so it is accepted."""
    index = _vector_index(facts, candidate)
    if index < 0:
        return []
    s = facts.sentences[index]
    out = []
    following = facts.sentences[index + 1:index + 5]  # "this American defection", a few sentences on
    for other in dict.fromkeys(list(facts.amap.linked_to(s.paragraph, s.index, "refers")) + following):
        m = _BACK_NOUN.match(facts.sentence_text(other))
        if m and shape(m.group("noun")) == shape(term.text) and canonical(m.group("noun")) != term.key \
                and m.group("noun") not in _GENERIC and m.group("noun") not in STOP:
            out.append(m.group("noun"))
    return out


def items(gen: "ItemGenerator", facts: EssayFacts) -> list[Generated]:
    """Cloze items and their multiple-choice twins for one essay."""
    title = _title_roots(facts)
    used: set[str] = set()
    prompts: list[str] = []
    proposals: list[tuple[Candidate, Term]] = []
    for candidate in ordered_candidates(gen, facts):
        if _DANGLING.match(candidate.sentence) or candidate.sentence.startswith("("):
            continue
        found = extract_terms(candidate.sentence)
        found += keywords(facts, candidate.sentence, found)
        terms = [t for t in found if usable(facts, t) and not (roots(t.text) & title)]
        terms.sort(key=lambda t: (_PRIORITY[t.kind], -len(t.text)))
        for term in terms[:3]:
            if trivial(facts, candidate.sentence, term):
                continue
            prompt = candidate.sentence[:term.start] + BLANK + candidate.sentence[term.end:]
            if not reveals_answer(prompt, [term.text]):
                proposals.append((candidate, term))
    if not proposals:
        return []
    # The meaning test, for every proposal at once (one model call).
    masked = [c.sentence[:t.start] + ("things" if shape(t.text)[1] else "something") + c.sentence[t.end:]
              for c, t in proposals]
    vectors = gen.vectors([c.sentence for c, _ in proposals] + masked)
    n = len(proposals)
    weights = [float(vectors[i] @ vectors[n + i]) for i in range(n)]
    out: list[Generated] = []
    done_sentences: set[str] = set()
    defined = defined_terms(facts)
    for (candidate, term), weight in zip(proposals, weights):
        if gen.max_per_essay is not None and len(out) >= gen.max_per_essay:
            break
        if candidate.sentence in done_sentences or (roots(term.text) & used):
            continue
        if weight > gen.meaning_max and term.kind != "quote":
            log.debug("blank %r carries little meaning (%.3f): %s", term.text, weight, candidate.sentence)
            continue
        prompt = candidate.sentence[:term.start] + BLANK + candidate.sentence[term.end:]
        key = canonical(prompt)
        if any(fuzz.ratio(key, p) >= 90 for p in prompts):
            continue
        accepted = _accepted_variants(facts, term) + [s for s in synonyms_in_essay(gen, facts, term)
                                                      if canonical(s) != term.key]
        if term.kind == "keyword":
            accepted += [w for w in back_references(facts, candidate, term) if w not in accepted]
        cloze = _item(gen, facts, candidate, term, prompt, "cloze", accepted=accepted)
        if reveals_answer(cloze.prompt, cloze.answers):
            continue
        used |= roots(term.text)
        prompts.append(key)
        done_sentences.add(candidate.sentence)
        index = _sentence_index(facts, candidate)
        source = (facts.slug, candidate.paragraph, index)
        paragraphs = facts.paragraphs_with(term.text)
        passage = candidate.sentence
        if gen.typed_open_blanks or typed_blank_ok(term, defined):
            out.append(Generated(cloze, "cloze", difficulty.signal(paragraphs=paragraphs, prompt=prompt,
                                                                    passage=passage, closeness=None), passage, source))
        kind = "concept" if term.kind in ("term", "keyword") else term.kind
        wrong, closest = pick(gen, facts, term.text, term_pool(facts, kind), sentence=candidate.sentence,
                              sentence_index=_vector_index(facts, candidate), names=term.kind == "name")
        wrong = [w for w in wrong if w not in accepted]
        if len(wrong) >= 2:
            choices = sorted([term.text, *wrong], key=lambda c: item_id("", "", c, ""))
            choice = _item(gen, facts, candidate, term, prompt, "multiple_choice", choices=choices)
            sig = difficulty.signal(paragraphs=paragraphs, prompt=prompt, passage=passage, closeness=closest)
            out.append(Generated(choice, "choice", sig, passage, source))
    log.info("%d cloze and choice items for %s", len(out), facts.slug)
    return out


def typed_blank_ok(term: Term, defined: set[str]) -> bool:
    """Whether a blank may be answered by typing, not only by choosing: when one answer closes it
    (a name, a term the essay defines). An open word always has fits the key cannot list: blind
    teachers kept 5 of 22 typed blanks on open words ("shift American ____": self-understanding,
    identity, culture; "the ____ that …": objection, argument, critique) against 10 of 21 of
    their multiple-choice twins, and every kept typed blank was a name or a defined term."""
    return term.kind == "name" or term.key in defined


def _sentence_index(facts: EssayFacts, candidate: Candidate) -> int:
    for s in facts.sentences:
        if s.paragraph == candidate.paragraph and facts.sentence_text(s) == candidate.sentence:
            return s.index
    return 0


def _vector_index(facts: EssayFacts, candidate: Candidate) -> int:
    for i, s in enumerate(facts.sentences):
        if s.paragraph == candidate.paragraph and facts.sentence_text(s) == candidate.sentence:
            return i
    return -1


def _item(gen: "ItemGenerator", facts: EssayFacts, candidate: Candidate, term: Term, prompt: str, kind: Kind,
          **extra) -> QuizItem:
    code = "c" if kind == "cloze" else "m"
    return QuizItem(id=item_id(facts.slug, code, prompt, term.text), kind=kind, essay=facts.slug,
                    paragraph=candidate.paragraph, prompt=prompt, answer=term.text,
                    explanation=gen.texts("explanation", paragraph=candidate.paragraph, passage=candidate.sentence),
                    difficulty="medium", tags=["generated", "cloze" if kind == "cloze" else "choice", term.kind],
                    author="generator", origin="generated", **extra)


def _accepted_variants(facts: EssayFacts, term: Term) -> list[str]:
    """Forms a learner may type for a blank: a sum without its dollar sign."""
    out = []
    if term.kind == "money":
        out.append(term.text.replace("$", "").strip() + " dollars")
    return out
