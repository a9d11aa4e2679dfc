"""Event-loop health under load, through the offline Discord harness (tests/discord/harness.py):
real discord.py parsing and dispatch into the real cogs and core, only the wire faked.

Load: 100 concurrent /ask interactions (100 different members) while 10 group quizzes run in 10
channels (3 players each pressing answer buttons, 3 questions). A ticker task sleeps 10 ms in a
loop and records how late it wakes: the largest lateness is the longest the event loop was
blocked, i.e. how long a gateway heartbeat would have waited. Quiz timers run on a FakeClock that
the driver advances, so the quizzes take no wall time of their own; everything else is real.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys

from bench.common import REPO, dev_questions, now
from bench.report import Row

SECTION = "event loop"
ASKS = 100
QUIZZES = 10
PLAYERS = 3
QUESTIONS = 3


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def _ticker(stop: asyncio.Event, lateness: list[float]) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        t = loop.time()
        await asyncio.sleep(0.01)
        lateness.append(loop.time() - t - 0.01)


def _choice_labels(message) -> list[str]:
    """The answer buttons ("A: ...") that are still enabled."""
    return [b["label"] for b in message.buttons if not b.get("disabled") and b.get("label", "")[1:3] == ": "]


async def _question(h, channel, number: int, timeout: float = 60.0):
    """Wait for question `number` to be shown in the channel (other load may delay the post)."""
    title = f"Question {number}/{QUESTIONS}"
    deadline = now() + timeout
    while now() < deadline:  # the clock pump keeps fake time moving meanwhile
        for message in reversed(h.recorder.channel_messages(channel.id)):
            if message.embeds and message.embeds[0].get("title") == title:
                return message
        await asyncio.sleep(0.005)
    raise RuntimeError(f"{title} never appeared in #{channel.name}")


async def measure(core, *, asks: int = ASKS, quizzes: int = QUIZZES) -> list[Row]:
    sys.path.insert(0, str(REPO / "tests" / "discord"))
    from harness import DiscordHarness  # noqa: E402  (test helper, not part of the package)

    from bot.clock import FakeClock
    from bot.discord_bot.client import TutorBot

    clock = FakeClock()
    discord_settings = core.settings.discord.model_copy(update={"ask_cooldown_seconds": 0, "quiz_cooldown_seconds": 0})
    bot = TutorBot(core.settings.model_copy(update={"discord": discord_settings}), core=core, clock=clock)
    h = DiscordHarness(bot, settle_timeout=300)
    await h.start()
    errors = _ErrorCounter()
    logging.getLogger().addHandler(errors)
    stop, lateness = asyncio.Event(), []
    ticker = None
    rng = random.Random(5)
    try:
        guild = h.add_guild("Load")
        askers = [h.add_member(guild, f"asker{i}") for i in range(asks)]
        questions = dev_questions()
        channels = [h.add_channel(guild, f"quiz-{i}") for i in range(quizzes)]
        mods = [h.add_member(guild, f"host{i}", moderator=True) for i in range(quizzes)]
        players = [[h.add_member(guild, f"p{i}-{j}") for j in range(PLAYERS)] for i in range(quizzes)]

        async def one_ask(i: int):
            return await h.slash(askers[i], "ask", question=questions[i % len(questions)], channel=guild.channel)

        async def press(player, message, label):
            try:
                return await h.press(player, message, label)
            except AssertionError as exc:  # the question closed (everyone else answered) first
                if "disabled" not in str(exc):
                    raise
                late.append(label)
                return None

        late: list[str] = []

        async def quiz_driver() -> list:
            starts = await asyncio.gather(*(h.slash(mods[i], "quiz start", channel=channels[i], questions=QUESTIONS,
                                                    seconds=60, kind="multiple_choice") for i in range(quizzes)))
            presses = []
            for number in range(1, QUESTIONS + 1):
                shown = await asyncio.gather(*(_question(h, c, number) for c in channels))
                for i in range(quizzes):
                    labels = _choice_labels(shown[i])
                    for p in players[i]:
                        if labels:
                            presses.append(asyncio.ensure_future(press(p, shown[i], rng.choice(labels))))
                        else:
                            late.append("closed before shown to the driver")
            return list(starts) + list(await asyncio.gather(*presses))

        async def clock_pump(done: asyncio.Event) -> None:
            """Fake time runs ~50x faster than real time: a 60 s question lasts about a second."""
            while not done.is_set():
                await clock.advance(0.5)
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(_ticker(stop, lateness))  # after the (synchronous) set-up above
        t0 = now()
        ask_task = asyncio.gather(*(one_ask(i) for i in range(asks)), return_exceptions=True)
        ask_task.add_done_callback(lambda _f: timings.setdefault("asks_done", now()))
        timings: dict[str, float] = {}
        pump_done = asyncio.Event()
        pump = asyncio.create_task(clock_pump(pump_done))
        try:
            quiz_results, ask_results = await asyncio.gather(quiz_driver(), ask_task, return_exceptions=False)
            last_answer = timings.get("asks_done", now()) - t0
            for session in core.sessions.running():
                await asyncio.wait_for(session.wait(), timeout=120)
            await h.settle(200)
        finally:
            pump_done.set()
            await pump
    finally:
        stop.set()
        if ticker is not None:
            await ticker
        logging.getLogger().removeHandler(errors)
        await h.close()

    failed = [r for r in ask_results if isinstance(r, BaseException)]
    answered = [r for r in ask_results if not isinstance(r, BaseException)
                and any(not m.ephemeral and "Sorry" not in m.content for m in r.messages)]
    apologies = [m for r in list(ask_results) + list(quiz_results) if r is not None and not isinstance(r, BaseException)
                 for m in r.messages if m.content.startswith("Sorry, something went wrong")]
    finals = sum(1 for c in channels if any(m.embeds and m.embeds[0].get("title") == "Final scores"
                                            for m in h.recorder.channel_messages(c.id)))
    n_errors = len(failed) + len(apologies) + len(errors.records) + len(h.recorder.unhandled) + (quizzes - finals)
    stall = max(lateness) * 1000 if lateness else 0.0
    worst = ", ".join(f"{x * 1000:.0f}" for x in sorted(lateness, reverse=True)[1:5])
    return [
        Row(SECTION, f"largest event-loop stall ({asks} /ask + {quizzes} group quizzes)", stall, "ms",
            target="< 100 ms", ok=stall < 100, note=f"{len(lateness)} ticks of 10 ms; next largest {worst} ms"),
        Row(SECTION, f"time until the last of {asks} answers", last_answer, "s",
            note=f"{len(answered)}/{asks} answered publicly; {finals}/{quizzes} quizzes reached their final board; "
                 f"{len(late)} button presses came after their question closed"),
        Row(SECTION, "errors", n_errors, "", target="0", ok=n_errors == 0,
            note=f"{len(failed)} raised, {len(apologies)} apologies, {len(errors.records)} logged, "
                 f"{len(h.recorder.unhandled)} unhandled routes"),
    ]
