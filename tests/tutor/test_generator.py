"""The optional generator against a local OpenAI-compatible server, and every fallback path."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web

from bot.config import GeneratorSettings
from bot.tutor import Tutor
from bot.tutor.generator import Generator, GeneratorError, Passage, find_citations

WALT = "walt-socialists-libertarians"
PASSAGES = [Passage(WALT, 7, "Stephen M. Walt", "Socialists and Libertarians", "For the libertarians, ..."),
            Passage(WALT, 8, "Stephen M. Walt", "Socialists and Libertarians", "For the democratic socialists, ...")]


class FakeLLM:
    """Speaks POST /v1/chat/completions; `mode` picks the reply."""

    def __init__(self):
        self.mode = "valid"
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self._never = asyncio.Event()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(await request.json())
        self.headers.append(dict(request.headers))
        if self.mode == "http500":
            return web.Response(status=500, text="boom")
        if self.mode == "garbage":
            return web.Response(text="{not json", content_type="application/json")
        if self.mode == "hang":
            await self._never.wait()  # never answers: the client's time-out must fire
        content = {
            "valid": f"Libertarians object because it bloated the national security state [{WALT} ¶7].",
            "foreign": f"They object to it [{WALT} ¶7] and to empire [rana-left-internationalism ¶50].",
            "uncited": "They object to big government.",
            "empty": "   ",
        }[self.mode]
        return web.json_response({"choices": [{"message": {"role": "assistant", "content": content}}]})


@pytest.fixture
async def llm():
    fake = FakeLLM()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    fake.base_url = f"http://127.0.0.1:{port}/v1"
    yield fake
    fake._never.set()  # release a hanging handler, or cleanup waits for it
    await runner.cleanup()


def _generator(core, llm, **kw) -> Generator:
    settings = GeneratorSettings(enabled=True, base_url=llm.base_url, model="tiny", timeout_s=kw.pop("timeout", 5.0),
                                 api_key_env="TEST_LLM_KEY", max_tokens=123)
    return Generator(settings, core.prompts.section("tutor"), environ=kw.pop("environ", {}))


def test_find_citations():
    assert find_citations("a [walt ¶7] b [rana ¶1; walt ¶ 8] c [not a cite]") == [("walt", 7), ("rana", 1), ("walt", 8)]


async def test_valid_reply_and_request_format(core, llm):
    gen = _generator(core, llm, environ={"TEST_LLM_KEY": "sekret"})
    out = await gen.generate("Why do libertarians object?", PASSAGES)
    assert out.cited == ((WALT, 7),)
    body = llm.requests[0]
    assert body["model"] == "tiny" and body["max_tokens"] == 123
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert f"[{WALT} ¶7]" in body["messages"][1]["content"]  # passages labelled as they must be cited
    assert "Why do libertarians object?" in body["messages"][1]["content"]
    assert "cite" in body["messages"][0]["content"].lower()
    assert llm.headers[0]["Authorization"] == "Bearer sekret"


@pytest.mark.parametrize("mode,reason", [
    ("http500", "HTTP 500"), ("garbage", "not a chat-completions"), ("foreign", "not given"),
    ("uncited", "cites no paragraph"), ("empty", "no text"),
])
async def test_unusable_replies_raise(core, llm, mode, reason):
    llm.mode = mode
    with pytest.raises(GeneratorError, match=reason):
        await _generator(core, llm).generate("q", PASSAGES)


async def test_timeout_raises(core, llm):
    llm.mode = "hang"
    with pytest.raises(GeneratorError, match="no reply within 0.3 s"):
        await _generator(core, llm, timeout=0.3).generate("q", PASSAGES)


async def test_unreachable_server_raises(core):
    settings = GeneratorSettings(enabled=True, base_url="http://127.0.0.1:9/v1", timeout_s=2)
    with pytest.raises(GeneratorError, match="cannot reach"):
        await Generator(settings, core.prompts.section("tutor")).generate("q", PASSAGES)


def _tutor(core, generator) -> Tutor:
    return Tutor(core.library, core.embedder, core.store, core.prompts, core.settings.tutor, generator=generator)


QUESTION = "Why do libertarians object to liberal hegemony?"


async def test_tutor_uses_a_valid_generated_answer(core, llm):
    answer = await _tutor(core, _generator(core, llm)).ask(QUESTION, guild_id=0, user_id=1, record=False)
    assert answer.generated and not answer.abstained
    assert "bloated the national security state" in answer.answer and "Sources:" in answer.answer
    assert [(c.essay, c.paragraph) for c in answer.citations] == [(WALT, 7)]
    assert "bloated national security state" in answer.citations[0].quote  # a verbatim quote backs it


@pytest.mark.parametrize("mode", ["http500", "garbage", "foreign", "uncited", "hang"])
async def test_tutor_falls_back_to_the_composed_answer(core, llm, mode):
    llm.mode = mode
    composed = await _tutor(core, None).ask(QUESTION, guild_id=0, user_id=1, record=False)
    answer = await _tutor(core, _generator(core, llm, timeout=0.3)).ask(QUESTION, guild_id=0, user_id=1, record=False)
    assert not answer.generated
    assert answer.answer == composed.answer and answer.citations == composed.citations
    assert len(llm.requests) == 1  # it was asked, and its reply was not used


async def test_generator_not_called_when_abstaining(core, llm):
    answer = await _tutor(core, _generator(core, llm)).ask("How do I bake sourdough bread?", guild_id=0, user_id=1,
                                                           record=False)
    assert answer.abstained and llm.requests == []


def test_generator_off_by_default(core):
    assert core.settings.tutor.generator.enabled is False and core.tutor.generator is None


async def test_api_key_never_logged(core, llm, caplog):
    llm.mode = "http500"
    caplog.set_level("DEBUG")
    gen = _generator(core, llm, environ={"TEST_LLM_KEY": "sekret-value"})
    await _tutor(core, gen).ask(QUESTION, guild_id=0, user_id=1, record=False)
    assert "sekret-value" not in caplog.text and "generator unusable" in caplog.text
    assert json.dumps(llm.requests).find("sekret-value") == -1
