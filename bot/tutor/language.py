"""Is a question written in another language than English?

The tutor matches questions against English essays with an English model, so "¿Qué dice Walt
sobre los libertarios?" finds nothing, and "the essays don't cover that" would be false. It
should say instead that it reads English questions.

A language detector alone misjudges the short English a chat is full of: py3langid calls
"Kosovo" Albanian and "explain quantum entanglement" French. So the detector (py3langid, a
maintained fork of langid.py with its model in the wheel) is asked only when the question
gives it something to go on: at least `MIN_WORDS` words, most of which are neither English nor
words of the essays. A question mostly in another script (Japanese, Cyrillic, Arabic…) needs no
vote of the word list.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bot.tutor.vocabulary import Vocabulary

MIN_WORDS = 3
MAX_KNOWN_SHARE = 0.6  # a question with this share of known words or more is English
MIN_CONFIDENCE = 0.5  # the detector's normalised probability for the other language
# Names for the codes learners are most likely to write in; others are "another language".
_NAMES = {
    "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
    "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "tr": "Turkish", "ar": "Arabic", "he": "Hebrew",
    "hi": "Hindi", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "vi": "Vietnamese", "id": "Indonesian",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "el": "Greek",
    "ro": "Romanian", "hu": "Hungarian", "fa": "Persian", "ur": "Urdu", "bn": "Bengali", "th": "Thai",
}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def _latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def _tokens(text: str) -> list[str]:
    out, current = [], []
    for ch in text:
        if ch.isalpha() or ch in "'’-":
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return [t.strip("'’-") for t in out if t.strip("'’-")]


def foreign_language(text: str, vocabulary: Vocabulary) -> str | None:
    """The language's English name ("Spanish") when `text` is not English, else None."""
    letters = _letters(text)
    if not letters:
        return None
    other_script = sum(not _latin(ch) for ch in letters) / len(letters)
    if other_script <= 0.5:
        tokens = _tokens(text)
        if len(tokens) < MIN_WORDS or vocabulary.share_known(tokens) >= MAX_KNOWN_SHARE:
            return None
    code, probability = _identifier().classify(text)
    if code == "en":
        return None
    if other_script <= 0.5 and probability < MIN_CONFIDENCE:
        return None
    return _NAMES.get(code, "another language")
