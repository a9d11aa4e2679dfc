"""Optional generated answers through any OpenAI-compatible chat-completions endpoint.

Off by default: the composed answer needs no model server and no key. When enabled (llama.cpp,
Ollama, vLLM or a hosted API), the model sees only the retrieved paragraphs and must cite them
as `[essay-id ¶N]`. A reply is used only if it cites at least one paragraph and every citation
names a paragraph it was given; anything else (HTTP error, time-out, malformed JSON, an empty or
uncited reply, a made-up citation) raises `GeneratorError`, and the tutor falls back to the
composed answer. The API key is read from the environment at call time and never logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import aiohttp

from bot.config import GeneratorSettings
from bot.prompts import PromptSection

log = logging.getLogger(__name__)

MAX_REPLY_BYTES = 200_000
_BRACKET = re.compile(r"\[([^\[\]]{1,200})\]")
_CITE = re.compile(r"([a-z0-9][a-z0-9\-]*)\s*(?:¶|§|\bpara(?:graph)?\.?)\s*(\d{1,4})", re.I)


class GeneratorError(Exception):
    """The model's reply cannot be used; the message says why (for the log, not for people)."""


@dataclass(frozen=True)
class Passage:
    essay: str
    paragraph: int
    author: str
    title: str
    text: str


@dataclass(frozen=True)
class Generated:
    text: str
    cited: tuple[tuple[str, int], ...]  # in order of first citation


def find_citations(text: str) -> list[tuple[str, int]]:
    """Every `[slug ¶N]` in the reply (several may share a bracket: `[a ¶1; b ¶2]`)."""
    found: list[tuple[str, int]] = []
    for bracket in _BRACKET.finditer(text):
        for match in _CITE.finditer(bracket.group(1)):
            found.append((match.group(1).lower(), int(match.group(2))))
    return found


def check_citations(text: str, passages: Sequence[Passage]) -> tuple[tuple[str, int], ...]:
    given = {(p.essay, p.paragraph) for p in passages}
    cited = find_citations(text)
    if not cited:
        raise GeneratorError("the reply cites no paragraph")
    unknown = [c for c in cited if c not in given]
    if unknown:
        raise GeneratorError(f"the reply cites paragraph(s) it was not given: {unknown[:3]}")
    return tuple(dict.fromkeys(cited))


def build_messages(t: PromptSection, question: str, passages: Sequence[Passage]) -> list[dict]:
    blocks = "\n\n".join(
        t("generator_passage", essay=p.essay, paragraph=p.paragraph, author=p.author, title=p.title, text=p.text)
        for p in passages
    )
    return [
        {"role": "system", "content": t("generator_system")},
        {"role": "user", "content": t("generator_user", question=question, passages=blocks)},
    ]


class Generator:
    def __init__(self, settings: GeneratorSettings, prompts: PromptSection, environ: Mapping[str, str] | None = None):
        self.settings = settings
        self.t = prompts
        self._environ = environ if environ is not None else os.environ

    @property
    def url(self) -> str:
        return self.settings.base_url.rstrip("/") + "/chat/completions"

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        key = self._environ.get(self.settings.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    async def generate(self, question: str, passages: Sequence[Passage]) -> Generated:
        if not passages:
            raise GeneratorError("no passages to answer from")
        payload = {
            "model": self.settings.model,
            "messages": build_messages(self.t, question, passages),
            "max_tokens": self.settings.max_tokens,
            "temperature": 0.2,
        }
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout_s)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(self.url, json=payload, headers=self._headers()) as response:
                    raw = await response.content.read(MAX_REPLY_BYTES + 1)
                    if response.status != 200:
                        raise GeneratorError(f"HTTP {response.status} from the model server")
        except asyncio.TimeoutError:
            raise GeneratorError(f"no reply within {self.settings.timeout_s:g} s") from None
        except aiohttp.ClientError as exc:
            raise GeneratorError(f"cannot reach the model server: {exc.__class__.__name__}") from None
        if len(raw) > MAX_REPLY_BYTES:
            raise GeneratorError("the reply is too large")
        try:
            data = json.loads(raw)
            text = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise GeneratorError("the reply is not a chat-completions JSON object") from None
        if not isinstance(text, str) or not text.strip():
            raise GeneratorError("the reply has no text")
        text = text.strip()
        return Generated(text, check_citations(text, passages))


async def generated_answer(generator: Generator, tools, t: PromptSection, settings, question: str, hits,
                           quotes) -> tuple[str, list] | None:
    """The optional language model's answer over the top three passages, with its citations (the
    composed quotes' text where it cites their paragraph), or None when the model is unusable: a
    broken model server must never break an answer."""
    from bot.text import truncate
    from bot.tutor.answer import Citation

    passages = []
    for hit in hits[:3]:
        essay = tools.lookup(hit.essay)
        para = essay.paragraph(hit.paragraph) if essay else None
        passages.append(Passage(hit.essay, hit.paragraph, hit.author, hit.title, para.text if para else hit.text))
    try:
        reply = await generator.generate(question, passages)
    except GeneratorError as exc:
        log.warning("generator unusable, using the composed answer: %s", exc)
        return None
    except Exception:  # noqa: BLE001 - a broken model server must never break an answer
        log.exception("generator failed, using the composed answer")
        return None
    by_para = {(q.essay, q.paragraph): q for q in quotes}
    citations, sources = [], []
    for slug, number in reply.cited:
        essay = tools.lookup(slug)
        assert essay is not None, slug  # the generator cites only the passages it was given
        para = essay.paragraph(number)
        quote = by_para[(slug, number)].text if (slug, number) in by_para else truncate(para.text if para else "", 300)
        citations.append(Citation(slug, essay.title, essay.author, number, quote))
        sources.append(t("generated_source", author=essay.author, short_title=essay.display_short_title,
                         paragraph=number))
    sources_text = "; ".join(sources)
    room = settings.max_answer_chars - len(t("generated_answer", text="", sources=sources_text)) - 1
    return t("generated_answer", text=truncate(reply.text, max(100, room)), sources=sources_text), citations
