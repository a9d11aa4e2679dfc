"""A child process for the start-up and memory benchmark.

    python -m bench.child model            # load the bare model, encode once: "ready"
    python -m bench.child bot DATA_DIR     # Core.open over a warm index + model loaded: "ready"

After "ready" both encode (model) or answer (bot) the same few questions and print their peak
resident memory ("rss <kB>"), read from the kernel (`ru_maxrss`), then exit.
"""

from __future__ import annotations

import asyncio
import resource
import sys


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _peak_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # kB on Linux


def model_main() -> None:
    from bench.common import dev_questions
    from bot.embedding import Embedder

    embedder = Embedder.load()
    embedder.encode(["warm up"])
    _say("ready")
    for q in dev_questions()[:5]:
        embedder.encode([q])
    _say(f"rss {_peak_kb()}")


async def bot_main(data_dir: str) -> None:
    from bench.common import dev_questions, scratch_settings
    from bot.core import Core

    core = await Core.open(scratch_settings(data_dir))
    try:
        embedder = await core.embedder()
        await embedder.encode_async(["warm up"])
        await core.library.ensure_retriever()
        _say("ready")
        tutor = getattr(core, "tutor", None)
        for i, q in enumerate(dev_questions()[:5]):
            if tutor is not None:
                await tutor.ask(q, guild_id=1, channel_id=1, user_id=100 + i)
            else:
                await core.library.search(q)
        _say(f"rss {_peak_kb()}")
    finally:
        await core.close()


if __name__ == "__main__":
    if sys.argv[1] == "model":
        model_main()
    else:
        asyncio.run(bot_main(sys.argv[2]))
