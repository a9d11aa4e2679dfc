"""Essays as the tutor sees them: metadata plus numbered paragraphs.

Files are Markdown with YAML front matter (title, author, published, source; optional
short_title), or plain `.txt`/`.md` without front matter, in which case the title is the first
heading or first line. Paragraph numbers count body paragraphs from 1 and are what citations
name, so headings are not paragraphs; each paragraph remembers the heading it sits under.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.errors import CorpusError
from bot.text import decode_upload

MAX_ESSAY_BYTES = 2_000_000
ALLOWED_SUFFIXES = {".md", ".txt", ".markdown"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, what citations show
    text: str
    section: str = ""  # heading the paragraph sits under ("" before any)


@dataclass(frozen=True)
class Essay:
    slug: str
    title: str
    author: str
    published: str
    source: str
    paragraphs: tuple[Paragraph, ...]
    short_title: str = ""
    summary: str = ""
    path: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def display_short_title(self) -> str:
        return self.short_title or self.title

    @property
    def year(self) -> str:
        match = re.search(r"\d{4}", self.published)
        return match.group(0) if match else self.published

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title, self.author, self.published, self.source, self.short_title):
            h.update(part.encode() + b"\0")
        for p in self.paragraphs:
            h.update(f"{p.number}\0{p.section}\0{p.text}\0".encode())
        return h.hexdigest()

    def paragraph(self, number: int) -> Paragraph | None:
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:60].strip("-") or "essay"


def decode_essay_bytes(data: bytes, name: str) -> str:
    text = decode_upload(data, name, MAX_ESSAY_BYTES, CorpusError)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_essay(text: str, *, slug: str | None = None, name: str = "essay") -> Essay:
    """Parse essay text; raise `CorpusError` with a one-line reason when it is unusable."""
    meta: dict = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise CorpusError(f"{name}: front matter is not valid YAML ({exc.__class__.__name__})") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise CorpusError(f"{name}: front matter must be a mapping of fields")
        meta = loaded or {}
        text = text[match.end():]

    # Invisible characters (zero-width, C0 controls) are never essay text: an upload made only
    # of them must be "no paragraphs", not an essay with an invisible title.
    text = _INVISIBLE.sub("", text)
    title = _INVISIBLE.sub("", _str_field(meta, "title", name)).strip()
    paragraphs: list[Paragraph] = []
    section = ""
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", text)]
    for block in blocks:
        if not block:
            continue
        heading = _HEADING.match(block) if "\n" not in block else None
        if heading:
            if not title and heading.group(1) == "#":
                title = heading.group(2)
            elif heading.group(2) != title:
                section = heading.group(2)
            continue
        if not title:
            # Plain text without a heading: its first line is the title.
            first, _, rest = block.partition("\n")
            title = first.strip()[:200]
            block = rest.strip()
            if not block:
                continue
        paragraph_text = re.sub(r"[ \t]*\n[ \t]*", " ", block).strip()
        if paragraph_text in {"* * *", "***", "---"}:
            continue
        paragraphs.append(Paragraph(len(paragraphs) + 1, paragraph_text, section))

    if not paragraphs:
        raise CorpusError(f"{name}: no paragraphs of text found")
    title = title or name
    published = meta.get("published", "")
    if isinstance(published, (dt.date, dt.datetime)):
        published = published.isoformat()
    return Essay(
        slug=slug or slugify(str(meta.get("slug") or title)),
        title=title,
        short_title=_str_field(meta, "short_title", name),
        author=_str_field(meta, "author", name) or "Unknown author",
        published=str(published or ""),
        source=_str_field(meta, "source", name),
        summary=_str_field(meta, "summary", name),
        paragraphs=tuple(paragraphs),
        extra={k: v for k, v in meta.items() if k not in {"title", "short_title", "author", "published", "source", "summary", "slug"}},
    )


def _str_field(meta: dict, key: str, name: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise CorpusError(f"{name}: front matter field '{key}' must be text")
    return str(value).strip()


def load_essay_file(path: Path) -> Essay:
    path = Path(path)
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise CorpusError(f"{path.name}: only .md and .txt essays are accepted")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a folder, not an essay file") from None
    text = decode_essay_bytes(data, path.name)
    essay = parse_essay(text, slug=slugify(path.stem), name=path.name)
    return Essay(**{**essay.__dict__, "path": str(path)})


def load_essay_dir(folder: Path) -> list[Essay]:
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"essay folder not found: {folder}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ALLOWED_SUFFIXES)
    if not files:
        raise CorpusError(f"no .md or .txt essays in {folder}")
    essays = [load_essay_file(p) for p in files]
    seen: dict[str, str] = {}
    for essay in essays:
        if essay.slug in seen:
            raise CorpusError(f"two essays share the slug '{essay.slug}': {seen[essay.slug]} and {essay.path}")
        seen[essay.slug] = essay.path
    return essays
