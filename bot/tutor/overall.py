"""Questions about an essay as a whole, read by meaning rather than by a list of words.

"can you make a resume of the Rana text?", "in the exams essay, how the author structures the
argument?", "what should i say about the exams essay in class i only read like half", "tell me in
a sentence or two what the author is arguing for": each asks for the essay's argument in short,
yet none uses a word the summary rules know, and each was told "X's essay doesn't discuss that.
The other essays here don't either." (FINAL-33, judged blind: a third of the summary questions were
refused so). Word lists meet the wordings they were written from and miss the next one, and a
second-language learner's ("resume", "the discussion he builds") most of all.

So before a question that names an essay, or follows one, is refused, it is compared by meaning
with requests for an essay as a whole (`REQUESTS`: summary, thesis, structure, what the author
wants, what to say in class), the essay's names replaced by "the essay" / "the author" so that the
comparison sees only what is asked. Close enough (`WHOLE_ESSAY`), it gets the essay in short
rather than a refusal. The requests are written from the kinds of request the tutor serves, not
from any question set; the threshold was set on the judged turns of FINAL-20..33 (docs/answers.md).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from bot.tutor.context import Ask
from bot.tutor.named import asks_whether_mentioned
from bot.tutor.scope import Mention

# What "tell me about the essay as a whole" is, in the plain words of a request. Each line is one
# way of asking; none names an essay or a topic.
REQUESTS: tuple[str, ...] = (
    "summarize the essay",
    "give me a summary of the text",
    "a short summary of the essay in a few lines",
    "what is the essay about",
    "what is the main argument of the essay",
    "what is the author's thesis",
    "what is the author arguing",
    "what is the author arguing for and what against",
    "what is the author's overall position",
    "what is the central point of the essay in one sentence",
    "what are the main points of the essay",
    "what is the takeaway of the essay",
    "how is the essay structured",
    "how does the author build the argument step by step",
    "what does the author want in the end",
    "explain the essay to me simply",
    "what should I say about the essay in class",
    "give me an overview of the reading",
)
# Requests that name the essay too but ask for one part of it: a question closer to one of these than
# to every request above is not for the essay as a whole ("weakest bit of the parking essay arg?").
PARTS: tuple[str, ...] = (
    "what is the weakest point of the essay's argument",
    "what objection does the author answer",
    "what evidence does the essay give for its claim",
    "give me a good quote from the essay",
    "who is the author of the essay",
    "when was the essay published and where",
    "what does the title of the essay mean",
    "does the essay mention this",
    "what is the author's second point",
    "why does the author bring up this example",
)
WHOLE_ESSAY = 0.62  # cosine to the closest request above which a question asks for the essay as a whole

_SPACES = re.compile(r"\s+")
_DOUBLED = re.compile(r"\b(?:the\s+)+(the\s+(?:essay|author))\b", re.I)
_ESSAY_NOUN = re.compile(r"\bthe\s+essay\s+(?:essay|text|piece|article|one|reading)\b", re.I)
_AUTHOR_NOUN = re.compile(r"\bthe\s+author(?:['’]?s)?['’]?\s+(?:essay|text|piece|article|one|reading)\b", re.I)


def masked(text: str, mentions: Sequence[Mention]) -> str:
    """The question with each essay named replaced by "the essay", or "the author" where it is
    named by its author (`Mention.how`: "what does rana want" → "what does the author want")."""
    out, at = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < at:
            continue
        out.append(text[at:mention.start])
        out.append("the author" if mention.how == "author" else "the essay")
        at = mention.end
    out.append(text[at:])
    said = _SPACES.sub(" ", "".join(out)).strip()
    # "the parking essay" → "the the essay essay" → "the essay"; "rana's text" → "the author's essay"
    said = _DOUBLED.sub(r"\1", said)
    said = _ESSAY_NOUN.sub("the essay", said)
    return _AUTHOR_NOUN.sub("the author's essay", said)


def closeness(question: np.ndarray, requests: np.ndarray, parts: np.ndarray) -> float:
    """The cosine of the question to the closest whole-essay request (vectors normalised), or 0 when
    a request for one part of the essay is closer still."""
    if requests.size == 0:
        return 0.0
    whole = float(np.max(requests @ question))
    return whole if parts.size == 0 or whole > float(np.max(parts @ question)) else 0.0


async def asks_whole_essay(ask: Ask, text: str) -> bool:
    """Whether `text` asks for an essay as a whole, by meaning. A question whether the essays mention
    something ("does the parking essay say anything abt electric cars") is never one: it names its
    topic, and its refusal is right."""
    if asks_whether_mentioned(text):
        return False
    scope = ask.scope
    mentions = [m for m in scope.names.find(text) if m.slug in scope.by_slug]
    question = await ask.tools.vector(ask.encoder, masked(text, mentions))
    requests = await ask.tools.fixed_vectors(ask.encoder, REQUESTS)
    parts = await ask.tools.fixed_vectors(ask.encoder, PARTS)
    return closeness(question, requests, parts) >= WHOLE_ESSAY


def stance_on_subject(ask: Ask, slugs: Sequence[str]) -> bool:
    """Whether a yes/no or for-or-against question about one essay asks about the very thing its
    title argues over: "the leaf blower one, does she want them banned or not?" of "Why Cities Should
    Buy Out the Gas Leaf Blower Instead of Banning It Overnight" (s23's first run, judged blind: "Ilse
    Vandermeulen's essay doesn't discuss that"). The essay's answer is its title and thesis, which no
    single passage near the question's few words gives."""
    from bot.tutor.intent import content_words
    from bot.tutor.scopes import stems

    request = ask.frame.request
    if len(slugs) != 1 or not (request.polar or request.stance) or slugs[0] not in ask.scope.by_slug:
        return False
    essay = ask.scope.by_slug[slugs[0]]
    title = set(stems(f"{essay.title} {essay.short_title}"))
    asked = {t for w in content_words(ask.frame.topic) for t in stems(w)}
    return bool(asked & title)
