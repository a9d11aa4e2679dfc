"""Text helpers shared by ingest, retrieval, answers and grading.

Sentence splitting is rule-based on purpose: the essays are edited prose, and a rule set that
knows English abbreviations ("U.S.", "e.g.", initials) is predictable, fast and needs no model
download. Offsets are kept so citations can point at exact characters.
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviations after which a period does not end a sentence (compared case-insensitively,
# without the final period).
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "cf", "al",
    "u.s", "u.k", "u.n", "no", "vol", "pp", "p", "ed", "eds", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen",
    "gov", "sen", "rep", "col", "lt", "capt", "approx", "est", "fig", "ca",
}

# A candidate boundary: terminal punctuation, optional closing quotes/brackets/emphasis, then space
# ("**First, split the release.** A large share …": two sentences, as a reader sees them).
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]*_]*(?=\s+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

QUOTE_MAP = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_MD_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?!\w)")


_TYPED_BOUNDARY = re.compile(r"(?<=[.!?])\s+")


def typed_sentences(text: str) -> list[str]:
    """The sentences of a learner's message, split after every ".", "!" or "?": unlike an essay's
    (`split_sentences`), a typed one often starts in lower case ("… 19 fines. is that a real town?")."""
    return _TYPED_BOUNDARY.split(text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences in `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not _is_boundary(text, match.start(), end):
            continue
        _append_span(text, start, end, spans)
        start = end
    _append_span(text, start, len(text), spans)
    return spans


def _is_boundary(text: str, punct_start: int, end: int) -> bool:
    if text[punct_start] == "." and re.search(r"(?:^|[.!?:;”\"'*)\]]\s+)\s*\d{1,2}$", text[:punct_start]):
        # "1. **Automatic renewals …**", and "… interest. 2. **Keep calculus open …**" inside a list
        # joined into one paragraph: a numbered list's marker, not a sentence (FINAL-45: "2." stood
        # alone, so no series of proposals was found and "what does he propose" missed the plan)
        return False
    if text[punct_start] == ".":
        before = _WORD_BEFORE.search(text[max(0, punct_start - 20): punct_start + 1])
        if before:
            word = before.group(1).lower()
            if word.rstrip(".") in _ABBREVIATIONS or word in _ABBREVIATIONS:
                # "the U.S. Congress" continues; "in the U.S. The next" is ambiguous: treat a
                # following capitalised function word as a new sentence.
                nxt = text[end:].lstrip()[:6]
                if not re.match(r"(The|This|That|It|In|But|And|As|A|We|They|He|She|Yet)\b", nxt):
                    return False
            elif len(word) == 1 and word.isalpha() and text[punct_start - 1].isupper():
                return False  # an initial, as in "Stephen M. Walt"
    rest = text[end:].lstrip()
    if not rest:
        return True
    # A new sentence starts with a capital, a digit, a quote or a bracket.
    return bool(re.match(r"[A-Z0-9\"'“‘(\[*_]", rest))


def _append_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def clean_input(text: str) -> str:
    """Normalise what a person typed: Unicode NFC, no zero-width or control characters."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text.strip()


def without_pictographs(text: str) -> str:
    """The text without emoji and other pictographs ("shorter pls 😭" -> "shorter pls"): they
    carry tone, never what a question is about, and a token of them made a bare request after a
    turn read as a topic ("Rana's essay doesn't discuss shorter 😭"; FINAL-23, judged blind)."""
    kept = "".join(" " if unicodedata.category(ch) in ("So", "Sk") or ch == "\ufe0f" else ch for ch in text)
    return re.sub(r"[ \t]{2,}", " ", kept).strip() if kept != text else text


def fold_accents(text: str) -> str:
    """Letters without their accents ("Hulhumalé" -> "Hulhumale", "São" -> "Sao"): what a learner
    types on an English keyboard, and what the ASCII word patterns of the vocabulary can read."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def normalize_for_match(text: str) -> str:
    """Case-, quote-, dash- and whitespace-insensitive form used to compare phrases."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_MAP)
    text = _ZERO_WIDTH.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    return _SPACES.sub(" ", text).strip().casefold()


def strip_markdown(text: str) -> str:
    """Drop Markdown emphasis markers so embeddings and BM25 see plain words."""
    return _MD_EMPHASIS.sub("", text)


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut at a word boundary so a quote never ends mid-word."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ellipsis


def excerpt(text: str, limit: int, around: re.Pattern | None = None, ellipsis: str = "…") -> str:
    """`truncate`, but when `around` matches beyond the cut, a window of the text that holds
    the match, marked with an ellipsis at each cut end (still verbatim between the marks)."""
    if len(text) <= limit:
        return text
    match = around.search(text) if around is not None else None
    if match is None or match.end() <= limit - len(ellipsis) * 2:
        return truncate(text, limit, ellipsis)
    start = max(0, match.start() - limit // 3)
    space = text.rfind(" ", 0, start + 1)
    start = space + 1 if space > 0 else start
    return ellipsis + truncate(text[start:], limit - len(ellipsis), ellipsis)


def decode_upload(data: bytes, name: str, max_bytes: int, error: type[Exception]) -> str:
    """An uploaded file's text: within `max_bytes`, not binary, UTF-8 (a BOM dropped); otherwise
    `error` with a message naming the file and what is wrong. Essays and quiz packs both arrive this way."""
    if len(data) > max_bytes:
        raise error(f"{name}: file is {len(data):,} bytes; the limit is {max_bytes:,}")
    if b"\0" in data:
        raise error(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{name}: not UTF-8 text (bad byte at position {exc.start})") from None


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


# the scales a figure is typed with ("41m", "380k", "£1.7bn", "2 trillion"), as multipliers
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mil": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "trillion": 1e12}
SCALE_NAMES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}


def number_in_words(n: int) -> str | None:
    """How an essay writes a whole number under a thousand in words ("forty", "twenty-five", "three
    hundred and twelve"), so a figure typed in digits ("the 40%") finds "forty per cent"; None above."""
    if n < 0 or n >= 1000:
        return None
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} hundred"
    return head if not rest else f"{head} and {number_in_words(rest)}"


# a whole number under a hundred in words, as `number_in_words` writes it ("seventy", "twenty-five")
SPELLED_UNDER_HUNDRED = (rf"(?:(?:{'|'.join(_TENS[2:])})(?:[\s-](?:{'|'.join(_ONES[1:10])}))?|"
                         rf"{'|'.join(sorted(_ONES, key=len, reverse=True))})")
_WORD_VALUES = {w: n for n, w in enumerate(_ONES)} | {w: 10 * n for n, w in enumerate(_TENS) if n >= 2}


def number_from_words(words: str) -> int | None:
    """`number_in_words` read back, under a hundred ("seventy", "twenty-five", "twenty five"), or None."""
    parts = re.split(r"[\s-]+", words.lower().strip())
    if not parts or any(p not in _WORD_VALUES for p in parts):
        return None
    return sum(_WORD_VALUES[p] for p in parts)


def singular(word: str) -> str:
    """A plural's rough singular, lower-cased ("reforms" -> "reform", "policies" -> "policy"): enough
    to match a counted noun to the question's, without a lemmatiser."""
    word = word.lower()
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word
