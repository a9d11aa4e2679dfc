"""Child process for the SIGKILL test: records attempts forever, printing each id once acknowledged.

Run as `python attempt_writer.py DB_PATH_OR_URL`. A line `ack <id>` is printed only after
`Store.record_attempt` returned, i.e. exactly when the bot would tell a learner the result.
"""

from __future__ import annotations

import asyncio
import sys

from bot.store import Store

USER = 4242
ITEMS = [{"id": f"k-{n}", "essay": "rana", "kind": "mcq"} for n in range(5)]


async def worker(store: Store, n: int) -> None:
    i = 0
    while True:
        i += 1
        attempt_id = await store.record_attempt(
            1, USER, f"k-{(n + i) % 5}", essay="rana", correct=i % 3 != 0, answer=f"w{n}-{i}",
            response_ms=1000 + i, time_limit_s=20, points=1,
        )
        sys.stdout.write(f"ack {attempt_id}\n")
        sys.stdout.flush()


async def main() -> None:
    store = await Store.open(sys.argv[1])  # an SQLite path or a postgresql:// URL
    await store.sync_builtin_items(ITEMS)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    await asyncio.gather(*(worker(store, n) for n in range(4)))


if __name__ == "__main__":
    asyncio.run(main())
