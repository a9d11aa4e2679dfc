"""Follow-up questions: what a learner just asked gives meaning to "why?" or "and the libertarians?".

A conversation is keyed by (guild, channel or thread, user), so two learners in one channel, or
one learner in two threads, never share context. It remembers only the last answered turn and
expires after `tutor.conversation_idle_minutes` of silence (on the injected clock), because a
"why?" an hour later is more likely a new thought than a follow-up.

Classifying a question is deliberately rule-based and explainable:
- `fresh`: a full question (no follow-up opener, no pronoun pointing back, or enough content of
  its own, or a self-contained request such as "summarise Walt"): it replaces the context.
- `more`: no content words at all ("why?", "what does he mean by that?", "tell me more"): answer
  from the previous answer's paragraphs and their neighbours, with sentences not quoted yet.
- `shift`: an elliptic question with some content ("and what about the libertarians?", "what
  does he say about NATO?"). "What about X?" swaps X into the previous question for the word most
  like it ("Why do libertarians dislike liberal hegemony?" + "and the socialists?" becomes "Why do
  socialists dislike liberal hegemony?"), judged with the same embedding model; otherwise the
  question's vector is blended with the previous one. Either way within the previous essay scope.
- `other`: "what about the other essay?": the same question (and answer shape) in the essay or
  essays the last answer was not from.
- `switch`: another author named with no topic of its own ("what does rana say about it?", "and
  walt?"): the same topic in that author's essay.
- `example`: "give an example", "for instance?": sentences with names, numbers or "for example"
  in and around the paragraphs just quoted.
- `simpler`: "explain that more simply", "I don't get it": the shortest sentence that makes the
  point, with an honest line that the tutor quotes rather than paraphrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from bot.clock import Clock
from bot.stopwords import CHAT_WORDS, RETRIEVAL_STOPWORDS

if TYPE_CHECKING:
    from bot.tutor.requests import Request

Kind = Literal["fresh", "more", "shift", "other", "switch", "example", "simpler"]
Key = tuple[int, int, int]  # (guild_id, channel_or_thread_id, user_id)

_WORD = re.compile(r"[a-z][a-z'’]*")
_OPENERS = ("and ", "but ", "so ", "also ", "then ", "what about", "how about", "what else", "and?", "why not",
            "ok ", "okay ", "more ", "tell me more", "go on", "say more", "in what way", "how so")
_REFERENTIAL = {"he", "she", "they", "them", "him", "his", "her", "hers", "their", "theirs", "it", "its", "that",
                "this", "those", "these", "there", "then", "such", "same", "former", "latter"}
# Words that carry no topic of their own in a follow-up.
_EMPTY = {w.lower() for w in RETRIEVAL_STOPWORDS} | _REFERENTIAL | CHAT_WORDS | {
    "mean", "means", "meant", "meaning", "more", "else", "explain", "elaborate", "example", "examples", "detail",
    "details", "go", "on", "tell", "say", "said", "saying", "why", "how", "what", "really", "exactly", "ok", "okay",
    "so", "also", "and", "but", "then", "way", "point", "talking", "talk", "writes", "write", "argue", "argues",
    "claim", "claims", "sure", "please", "thanks", "yes", "no", "not", "clarify", "expand", "further", "again",
}
_QUESTION_START = {"what", "who", "whom", "whose", "which", "when", "where", "why", "how", "is", "are", "was",
                   "were", "do", "does", "did", "can", "could", "should", "would", "will", "has", "have", "explain",
                   "define", "describe"}
MAX_FOLLOWUP_WORDS = 14
_EXAMPLE = re.compile(r"^\s*(?:ok\s+|okay\s+|so\s+|and\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+|pls\s+)?"
                      r"(?:give|show|gimme|got|any|need|want|have|provide)?\s*(?:me\s+|us\s+)?(?:an?\s+|some\s+|one\s+|"
                      r"more\s+|other\s+|another\s+|specific\s+|concrete\s+|real\s+)*(?:examples?|instances?|"
                      r"for\s+(?:example|instance)|e\.?g\.?|such\s+as|like\s+what|case\s+in\s+point)"
                      r"(?:\s+(?:of\s+(?:that|this|it)|(?:from|in)\s+(?:the\s+same|this|that|her|his|the)\s+(?:essay|text|"
                      r"article|piece|one)|from\s+(?:it|there|her|him)|pls|please))*\s*[?.!]*\s*$", re.I)
_SIMPLER = re.compile(r"\b(?:simpl\w*|plain\s+(?:english|words|terms|language)|eli5|dumb\s+(?:it|that)\s+down|"
                      r"easier(?:\s+(?:words|terms|way))?|more\s+easi?ly|(?:more|much)\s+easy|less\s+(?:complicated|"
                      r"difficult|hard)|too\s+(?:hard|difficult|complicated)|in\s+other\s+words|layman\w*|"
                      r"(?:i\s+)?(?:don'?t|dont|do\s+not|didn'?t|didnt)\s+(?:get|understand)(?:\s+(?:it|that|this))?|"
                      r"confus\w*|what\s+does\s+(?:that|this|it)\s+(?:even\s+)?mean|wdym|huh)\b", re.I)
MAX_SIMPLER_WORDS = 10
# "why does that matter…", "how does it work…": the subject points back, whatever follows.
_POINTS_BACK = re.compile(r"^\s*(?:and\s+|so\s+|but\s+|ok\s+)?(?:why|how|what|where|when|so)\s+(?:does|did|is|was|would|"
                          r"do|could|can|should|are|were)\s+(?:that|it|this|they|he|she|those|these|them)\b", re.I)
MAX_POINTS_BACK_WORDS = 10
MORE_WEIGHT = 0.25  # share of the follow-up's own vector when it has no content words
SHIFT_WEIGHT = 0.75  # ... and when it has some


def content_words(question: str) -> list[str]:
    return [w for w in _WORD.findall(question.lower()) if w.strip("'’") not in _EMPTY and len(w) > 1]


def followup(question: str, *, has_context: bool, named: int = 0, other: bool = False, topic_words: int = 0,
             self_contained: bool = False) -> Kind:
    """How a question relates to the previous answer (see the module docstring).

    `named`: essays the question names; `other`: it says "the other essay"; `topic_words`:
    content words left once the names are taken out; `self_contained`: a request that stands
    alone whatever came before (a summary, comparison, paragraph or author question naming its
    essay).
    """
    if not has_context:
        return "fresh"
    words = _WORD.findall(question.lower())
    if _EXAMPLE.match(question):
        return "example"
    if _SIMPLER.search(question) and len(words) <= MAX_SIMPLER_WORDS:
        return "simpler"
    if other and not named:
        return "other"
    if named and not topic_words and not self_contained:
        return "switch"
    if self_contained or (named and topic_words):
        return "fresh"  # "walt on china" after anything is a new question about Walt's essay
    if _POINTS_BACK.match(question) and len(words) <= MAX_POINTS_BACK_WORDS:
        return "more"  # about what was just quoted, whatever words follow ("why does that matter for…")
    return classify(question, has_context=True)


def classify(question: str, *, has_context: bool) -> Kind:
    if not has_context:
        return "fresh"
    text = question.strip().lower()
    words = _WORD.findall(text)
    content = content_words(question)
    if len(words) > MAX_FOLLOWUP_WORDS:
        return "fresh"
    opener = text.startswith(_OPENERS) or text in {"why", "why?", "how?", "how", "really?", "and?"}
    referential = any(w in _REFERENTIAL for w in words)
    if not content and (opener or referential or len(words) <= 4):
        return "more"
    # A short question is elliptic ("the realists?", "why labor tho?") unless it is a complete
    # question of its own ("What causes earthquakes?", "Who is Peter Beinart?").
    elliptic = len(words) <= 3 and (words[0] not in _QUESTION_START or (
        words[0] in ("why", "how") and len(content) <= 1))
    if opener or elliptic or (referential and len(content) <= 2):
        return "shift"
    return "fresh"


_FILLER = re.compile(r"\b(?:last\s+one|one\s+more|too|then|now|again|as\s+well|please|pls|though|tho)\b", re.I)
_ABOUT = re.compile(r"^(?:and|but|so|ok|okay)?[,\s]*(?:(?:what|how)\s+about|and)\s+(?:the\s+|for\s+the\s+)?(?P<x>[^?.!]{2,80}?)[?.!]*$", re.I)
SUBSTITUTE_MIN_COSINE = 0.4  # "socialists"~"libertarians" 0.66, "realists"~"libertarians" 0.46, "wheat"~"aid" 0.27


# "and for socialists what is their reason?", "and the socialists, same reasons?": the new group put
# first, then the last question asked again in a few words (FINAL-25 and FINAL-26, judged blind: the
# last answer's paragraph on the other group was quoted again)
_ABOUT_THEN_ASK = re.compile(
    r"^(?:and|but|so|ok|okay)?[,\s]*(?:(?:what|how)\s+about|and)\s+(?:for\s+)?(?:the\s+)?"
    r"(?!(?:what|why|how|who|where|when|which|is|are|was|were|do|does|did|can|could|would|should|will|he|she|"
    r"they|it|that|this|i|you|we|his|her|their|its|so|then|also)\b)"
    r"(?P<x>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}?)\s*(?:,|\s+(?=(?:what|why|how|same|do|does|did|is|are|was|"
    r"were|too|also)\b))", re.I)


_ASKS_AGAIN = re.compile(r"(?:what|why|how|same|do|does|did|is|are|was|were|too|also|any|which)\b", re.I)


def about_phrase(question: str) -> str | None:
    """X in "and what about X?" / "how about X?" / "and X?", when X is a short phrase."""
    match = _ABOUT.match(question.strip())
    if match and len(match.group("x").split()) > 4:
        match = _ABOUT_THEN_ASK.match(question.strip()) or match
    if not match:
        return None
    phrase = match.group("x").strip()
    if "," in phrase:
        before, after = (x.strip() for x in phrase.rsplit(",", 1))
        # "the other guys, the socialists": the apposition names them; "the socialists, same
        # reasons?": the last question asked again after the name
        phrase = before if _ASKS_AGAIN.match(after) else after
    phrase = _FILLER.sub(" ", phrase)
    phrase = " ".join(w for w in phrase.split() if w.lower() not in CHAT_WORDS).strip(" ,")
    phrase = re.sub(r"^(?:the|for\s+the)\s+", "", phrase, flags=re.I)
    return phrase if 1 <= len(phrase.split()) <= 4 and content_words(phrase) else None


async def substitute(encoder, previous_query: str, phrase: str) -> str | None:
    """The previous question with `phrase` in place of its most similar content word, if any is close."""
    candidates = list(dict.fromkeys(content_words(previous_query)))
    if not candidates:
        return None
    vectors = await encoder.encode_async([phrase] + candidates)
    sims = vectors[1:] @ vectors[0]
    best = int(np.argmax(sims))
    if float(sims[best]) < SUBSTITUTE_MIN_COSINE:
        return None
    pattern = re.compile(rf"\b{re.escape(candidates[best])}\b", re.I)
    rewritten, count = pattern.subn(phrase, previous_query, count=1)
    return rewritten if count else None


def blend(own: np.ndarray, previous: np.ndarray, weight: float) -> np.ndarray:
    """A unit vector between the follow-up and the previous question (weight = follow-up's share)."""
    mixed = weight * np.asarray(own, np.float32) + (1.0 - weight) * np.asarray(previous, np.float32)
    norm = float(np.linalg.norm(mixed))
    return mixed / norm if norm > 0 else np.asarray(previous, np.float32)


@dataclass(frozen=True)
class Turn:
    question: str  # as the learner typed it (or the question a follow-up stood for)
    query: str  # the standalone form used for retrieval
    qvec: np.ndarray = field(repr=False)
    essays: tuple[str, ...] | None  # the essays the question was scoped to (None: all in view)
    paragraphs: tuple[tuple[str, int], ...]  # cited in the answer
    quoted: frozenset[tuple[str, int, int]]  # sentences already shown
    at: float  # clock.monotonic() when answered
    kind: str = "answer"  # the answer's shape, so "the other essay" can give the same shape
    topic: str = ""  # what a comparison or a switch of author carries over
    slot: str = ""  # the words "and the X?" put into `query`, so a next "and the Y?" replaces them
    request: Request | None = None  # the question's Request (bot.tutor.requests), so "same for rana" asks it again
    items: tuple[tuple[str, int, int], ...] = ()  # sentences a list answer numbered ("the second one")
    item_texts: tuple[str, ...] = ()  # each item's own words (a span of its sentence, or all of it)
    contrast: tuple[str, ...] = ()  # groups the answer set side by side ("the other side")
    last: frozenset[tuple[str, int, int]] = frozenset()  # the sentences of this answer alone (`quoted`: the thread's)

    def essays_shown(self) -> list[str]:
        """The essays this turn was about: those it was scoped to, else those it quoted, in order."""
        return list(self.essays or ()) or list(dict.fromkeys(e for e, _ in self.paragraphs))


class Conversations:
    """The last answered turn per (guild, channel, user), forgotten after an idle period."""

    def __init__(self, clock: Clock, idle_minutes: float, max_conversations: int = 50_000):
        self.clock = clock
        self.idle_seconds = idle_minutes * 60.0
        self.max_conversations = max_conversations
        self._turns: dict[Key, Turn] = {}

    def get(self, key: Key) -> Turn | None:
        turn = self._turns.get(key)
        if turn is None:
            return None
        if self.clock.monotonic() - turn.at > self.idle_seconds:
            del self._turns[key]
            return None
        return turn

    def remember(self, key: Key, turn: Turn) -> None:
        self._turns.pop(key, None)
        self._turns[key] = turn  # re-inserted: dict order is least recently used first
        if len(self._turns) > self.max_conversations:
            self.prune()
            while len(self._turns) > self.max_conversations:
                del self._turns[next(iter(self._turns))]

    def forget(self, key: Key) -> None:
        self._turns.pop(key, None)

    def forget_user(self, user_id: int) -> int:
        """Drop every conversation of one person (their data deletion reaches memory too)."""
        keys = [k for k in self._turns if k[2] == user_id]
        for key in keys:
            del self._turns[key]
        return len(keys)

    def prune(self) -> int:
        now = self.clock.monotonic()
        stale = [k for k, t in self._turns.items() if now - t.at > self.idle_seconds]
        for key in stale:
            del self._turns[key]
        return len(stale)

    def __len__(self) -> int:
        return len(self._turns)
