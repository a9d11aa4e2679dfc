"""Running the bot as several shard processes: `shards` says which servers this process owns
(Discord's `(guild_id >> 22) % shard_count`, transport-agnostic), `change_feed` applies what the
other processes wrote to the shared database (essay uploads, removals) to this process's library.

May import the shared root modules, `bot.store` (the change rows) and `bot.index` (to bring the
library in line); never Discord.
"""
