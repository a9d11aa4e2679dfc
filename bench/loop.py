"""Event-loop health and concurrent answers under load, through the offline Discord harness
(tests/discord/harness.py): real discord.py parsing and dispatch into the real cogs and core,
only the wire faked.

Mixed load: 100 concurrent /ask interactions (100 different members) while 10 group quizzes run
in 10 channels (3 players each pressing answer buttons, 3 questions), one moderator uploads an
essay (`/essay add`, new text: every chunk is encoded) and another runs `/quizitem generate`.
A `StallProbe` (bench/stalls.py) records the longest the event loop was blocked and samples
every thread's stack during each stall. Quiz timers run on a FakeClock that the driver
advances, so the quizzes take no wall time of their own; everything else is real.

Burst: 100 concurrent /ask and nothing else, alternately with the model owner's micro-batching
on and off (one question per model call), in the same process and run: the time until the last
answer is the figure.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys

from bench.common import REPO, dev_questions, now
from bench.report import Row, median
from bench.stalls import StallProbe
from bench.synthetic import long_essay

SECTION = "event loop"
ASKS = 100
QUIZZES = 10
PLAYERS = 3
QUESTIONS = 3
UPLOAD_BYTES = 100_000


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _choice_labels(message) -> list[str]:
    """The answer buttons ("A: ...") that are still enabled."""
    return [b["label"] for b in message.buttons if not b.get("disabled") and b.get("label", "")[1:3] == ": "]


async def _question(h, channel, number: int, timeout: float = 120.0):
    """Wait for question `number` to be shown in the channel (other load may delay the post)."""
    title = f"Question {number}/{QUESTIONS}"
    deadline = now() + timeout
    while now() < deadline:  # the clock pump keeps fake time moving meanwhile
        for message in reversed(h.recorder.channel_messages(channel.id)):
            if message.embeds and message.embeds[0].get("title") == title:
                return message
        await asyncio.sleep(0.005)
    raise RuntimeError(f"{title} never appeared in #{channel.name}")


async def _harness(core, clock):
    sys.path.insert(0, str(REPO / "tests" / "discord"))
    from harness import DiscordHarness  # noqa: E402  (test helper, not part of the package)

    from bot.discord_bot.client import TutorBot

    discord_settings = core.settings.discord.model_copy(update={"ask_cooldown_seconds": 0, "quiz_cooldown_seconds": 0})
    bot = TutorBot(core.settings.model_copy(update={"discord": discord_settings}), core=core, clock=clock)
    h = DiscordHarness(bot, settle_timeout=300)
    await h.start()
    return h


def _unique(questions: list[str], i: int, tag: str) -> str:
    """The i-th dev question, made unique: the tutor keeps recent query vectors, so a repeated
    question would not reach the model at all and the load would not be the load."""
    return f"{questions[i % len(questions)]} (#{tag}{i})"


def _answered(results) -> int:
    return sum(1 for r in results if not isinstance(r, BaseException)
               and any(not m.ephemeral and "Sorry" not in m.content for m in r.messages))


async def measure(core, *, asks: int = ASKS, quizzes: int = QUIZZES, upload_bytes: int = UPLOAD_BYTES,
                  sample_stacks: bool = False) -> list[Row]:
    from bot.clock import FakeClock

    await core.tutor.warm()  # the bot warms sentence vectors at start; measure the bot, not a cold cache
    clock = FakeClock()
    h = await _harness(core, clock)
    errors = _ErrorCounter()
    logging.getLogger().addHandler(errors)
    rng = random.Random(5)
    timings: dict[str, float] = {}
    try:
        guild = h.add_guild("Load")
        askers = [h.add_member(guild, f"asker{i}") for i in range(asks)]
        questions = dev_questions()
        channels = [h.add_channel(guild, f"quiz-{i}") for i in range(quizzes)]
        mods = [h.add_member(guild, f"host{i}", moderator=True) for i in range(quizzes)]
        players = [[h.add_member(guild, f"p{i}-{j}") for j in range(PLAYERS)] for i in range(quizzes)]
        uploader = h.add_member(guild, "uploader", moderator=True)
        generator = h.add_member(guild, "generator", moderator=True)
        essay_text = long_essay(upload_bytes)
        late: list[str] = []

        async def one_ask(i: int):
            return await h.slash(askers[i], "ask", question=_unique(questions, i, "m"), channel=guild.channel)

        async def press(player, message, label):
            try:
                return await h.press(player, message, label)
            except AssertionError as exc:  # the question closed (everyone else answered) first
                if "disabled" not in str(exc):
                    raise
                late.append(label)
                return None

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

        async def timed(name: str, coro):
            t = now()
            try:
                return await coro
            finally:
                timings[name] = now() - t

        async def clock_pump(done: asyncio.Event) -> None:
            """Fake time runs ~50x faster than real time: a 60 s question lasts about a second."""
            while not done.is_set():
                await clock.advance(0.5)
                await asyncio.sleep(0.01)

        async with StallProbe(sample_stacks=sample_stacks) as probe:  # after the (synchronous) set-up above
            t0 = now()
            ask_task = asyncio.gather(*(one_ask(i) for i in range(asks)), return_exceptions=True)
            ask_task.add_done_callback(lambda _f: timings.setdefault("asks_done", now()))
            upload = timed("upload", h.slash(uploader, "essay add", file=h.attachment("long-upload.md", essay_text)))
            generate = timed("generate", h.slash(generator, "quizitem generate", count=5))
            pump_done = asyncio.Event()
            pump = asyncio.create_task(clock_pump(pump_done))
            try:
                quiz_results, ask_results, upload_result, generate_result = await asyncio.gather(
                    quiz_driver(), ask_task, upload, generate, return_exceptions=True)
                last_answer = timings.get("asks_done", now()) - t0
                for session in core.sessions.running():
                    await asyncio.wait_for(session.wait(), timeout=120)
                await h.settle(200)
            finally:
                pump_done.set()
                await pump
    finally:
        logging.getLogger().removeHandler(errors)
        await h.close()

    singles = [upload_result, generate_result]
    if isinstance(quiz_results, BaseException):
        raise quiz_results
    failed = [r for r in list(ask_results) + singles if isinstance(r, BaseException)]
    apologies = [m for r in list(ask_results) + list(quiz_results) + singles
                 if r is not None and not isinstance(r, BaseException)
                 for m in r.messages if m.content.startswith("Sorry, something went wrong")]
    finals = sum(1 for c in channels if any(m.embeds and m.embeds[0].get("title") == "Final scores"
                                            for m in h.recorder.channel_messages(c.id)))
    n_errors = len(failed) + len(apologies) + len(errors.records) + len(h.recorder.unhandled) + (quizzes - finals)
    report = probe.report
    stall = report.longest_ms
    stacks = [
        Row(SECTION, "what the main thread was doing in stalls > 50 ms (stack samples)", len(report.samples), "samples",
            note=report.main_thread_summary()),
        Row(SECTION, "what other threads were running in those samples", None,
            note=report.other_threads_summary()),
    ] if sample_stacks else []
    worst = ", ".join(f"{x:.0f}" for x in report.next_largest_ms())
    load = f"{asks} /ask + {quizzes} group quizzes + /essay add ({upload_bytes // 1000} KB) + /quizitem generate"
    upload_text = "" if isinstance(upload_result, BaseException) else upload_result.text
    generate_text = "" if isinstance(generate_result, BaseException) else generate_result.text
    return [
        Row(SECTION, f"largest event-loop stall ({load})", stall, "ms", target="< 100 ms", ok=stall < 100,
            note=f"{len(report.lateness)} ticks of 10 ms; next largest {worst} ms"),
        Row(SECTION, "why the loop stalled (CPU time of the loop, its process, per stall)", None,
            note=report.causes() + (f"; its stack: {report.longest_stall_stack()}" if sample_stacks else "")),
        *stacks,
        Row(SECTION, f"time until the last of {asks} answers (mixed load)", last_answer, "s",
            note=f"{_answered(ask_results)}/{asks} answered publicly; {finals}/{quizzes} quizzes reached their final board; "
                 f"{len(late)} button presses came after their question closed"),
        Row(SECTION, "essay upload and /quizitem generate under that load", timings.get("upload"), "s",
            note=f"generate {timings.get('generate', 0):.1f} s; upload said: {upload_text[:60]!r}; "
                 f"generate said: {generate_text[:60]!r}"),
        Row(SECTION, "errors", n_errors, "", target="0", ok=n_errors == 0,
            note=f"{len(failed)} raised, {len(apologies)} apologies, {len(errors.records)} logged, "
                 f"{len(h.recorder.unhandled)} unhandled routes"),
    ]


async def measure_burst(core, *, asks: int = ASKS, rounds: int = 3) -> list[Row]:
    """The last of `asks` concurrent answers, micro-batching on vs off, alternating rounds."""
    from bot.clock import FakeClock

    embedder = await core.embedder()
    can_switch = hasattr(embedder, "set_batching")
    await core.tutor.warm()
    h = await _harness(core, FakeClock())
    questions = dev_questions()
    times: dict[bool, list[float]] = {True: [], False: []}
    answered: dict[bool, list[int]] = {True: [], False: []}
    busy: dict[bool, list[float]] = {True: [], False: []}
    calls: dict[bool, list[float]] = {True: [], False: []}
    try:
        guild = h.add_guild("Burst")
        for r in range(rounds):
            for batched in ((True, False) if can_switch else (True,)):
                if can_switch:
                    await embedder.set_batching(batched)
                askers = [h.add_member(guild, f"b{r}-{int(batched)}-{i}") for i in range(asks)]
                before = await embedder.stats() if can_switch else None
                t = now()
                results = await asyncio.gather(*(h.slash(askers[i], "ask", question=_unique(questions, i, f"{r}{int(batched)}"),
                                                         channel=guild.channel) for i in range(asks)),
                                               return_exceptions=True)
                times[batched].append(now() - t)
                answered[batched].append(_answered(results))
                if can_switch:
                    after = await embedder.stats()
                    busy[batched].append(after["busy_s"] - before["busy_s"])
                    calls[batched].append(after["calls"] - before["calls"])
    finally:
        if can_switch:
            await embedder.set_batching(True)
        await h.close()
    on = median(times[True])
    if not can_switch:
        return [Row(SECTION, f"last of {asks} concurrent answers (no other load)", on, "s",
                    note="this embedder has no micro-batching switch: one question per model call")]
    off = median(times[False])
    speedup = off / on
    return [Row(SECTION, f"last of {asks} concurrent answers: one question per model call / micro-batched", speedup, "x",
                target=">= 2.5x", ok=speedup >= 2.5,
                note=f"{on:.2f} s batched vs {off:.2f} s one at a time (median of {rounds} alternating rounds, "
                     f"no other load); the model was busy {median(busy[True]):.2f} s in {median(calls[True]):.0f} calls "
                     f"vs {median(busy[False]):.2f} s in {median(calls[False]):.0f}; the rest is the answers' own work "
                     f"on the loop; answered {min(answered[True])}/{asks} and {min(answered[False])}/{asks}")]
