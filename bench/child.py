"""A child process for the start-up and memory benchmark.

    python -m bench.child model            # load the bare model, encode once: "ready"
    python -m bench.child bot DATA_DIR     # Core.open over a warm index + model loaded: "ready"

After "ready" both encode (model) or answer (bot) the same few questions and print their peak
resident memory ("rss <kB> <owner kB>"), read from the kernel (`VmHWM` of this process and of the
bot's model owner process; 0 for the bare model), then exit.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _peak_kb() -> int:
    """Peak RSS of this process. VmHWM, not `ru_maxrss`: Linux keeps ru_maxrss across exec, so a
    child of the (large) benchmark process reported the benchmark's own peak."""
    return _owner_peak_kb(os.getpid()) or int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _owner_peak_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def model_main() -> None:
    from bench.common import bare_model, dev_questions

    model = bare_model()
    model.encode(["warm up"], show_progress_bar=False)
    _say("ready")
    for q in dev_questions()[:5]:
        model.encode([q], show_progress_bar=False)
    _say(f"rss {_peak_kb()} 0")


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
        _say(f"rss {_peak_kb()} {_owner_peak_kb(embedder.pid) if hasattr(embedder, 'pid') else 0}")
    finally:
        await core.close()


if __name__ == "__main__":
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the model owner runs
    if sys.argv[1] == "model":
        model_main()
    else:
        asyncio.run(bot_main(sys.argv[2]))
