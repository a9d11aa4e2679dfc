"""Which servers this process owns when the bot is split across shard processes.

Discord assigns a server to shard `(guild_id >> 22) % shard_count` and sends its events (commands,
button presses, messages) only to the connection that identified as that shard; direct messages
go to shard 0. A process running shards 0 and 1 of 4 therefore only ever sees those servers'
quizzes, and what it does at start-up on its own (closing quizzes a crash cut off) must touch
only those servers too, or it would end quizzes another process is running.

Transport-agnostic on purpose: the core and the store use `ShardSpec.owns` without Discord types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from bot.errors import UserError

MAX_SHARDS = 10_000  # far beyond any bot this is meant for; catches a typo like 20000000


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule (docs: "Sharding"); 0 (direct messages here) lands on shard 0 as DMs do."""
    return (int(guild_id) >> 22) % int(shard_count)


@dataclass(frozen=True)
class ShardSpec:
    """`count` None: Discord's recommended count, all shards in this process (the default, one
    process). `ids` None: every shard of `count` in this process."""

    count: int | None = None
    ids: tuple[int, ...] | None = None

    @property
    def split(self) -> bool:
        """True when other processes run the other shards."""
        return self.count is not None and self.ids is not None and len(self.ids) < self.count

    def owns(self, guild_id: int) -> bool:
        if self.count is None or self.ids is None or not self.split:
            return True
        return shard_of(guild_id, self.count) in self.ids

    def describe(self) -> str:
        if self.count is None:
            return "all shards (count chosen by Discord)"
        if self.ids is None:
            return f"all {self.count} shards"
        return f"shard(s) {', '.join(map(str, self.ids))} of {self.count}"


def parse_shard_ids(text: str | Iterable[int] | None) -> list[int] | None:
    """`"0,1"` (the command line) or a list (settings) to a list of ints; a clear line otherwise."""
    if text is None:
        return None
    if isinstance(text, str):
        parts = [p.strip() for p in text.split(",")]
        if not text.strip() or any(not p for p in parts):
            raise UserError(f"--shard-ids must be shard numbers separated by commas, like 0,1 (got {text!r})")
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise UserError(f"--shard-ids must be shard numbers separated by commas, like 0,1 (got {text!r})") from None
    return [int(i) for i in text]


def shard_spec(count: int | None, ids: Iterable[int] | None) -> ShardSpec:
    """Check a shard count and id list the way Discord would refuse them, but before connecting."""
    if count is not None:
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_SHARDS:
            raise UserError(f"--shard-count must be a whole number from 1 to {MAX_SHARDS} (got {count!r})")
    if ids is None:
        return ShardSpec(count, None)
    ids = list(ids)
    if count is None:
        raise UserError("--shard-ids needs --shard-count: every process must agree on the total number of shards")
    if not ids:
        raise UserError("--shard-ids lists no shard")
    outside = sorted({i for i in ids if not 0 <= i < count})
    if outside:
        raise UserError(f"shard id(s) {', '.join(map(str, outside))} are outside 0..{count - 1} "
                        f"(with --shard-count {count}, shards are numbered 0 to {count - 1})")
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise UserError(f"--shard-ids repeats shard(s) {', '.join(map(str, repeated))}")
    return ShardSpec(count, tuple(sorted(ids)))
