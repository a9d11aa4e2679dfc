-- 005: the change feed. With several bot processes on one database (shards), what one process
-- writes that the others keep in memory (a server's uploaded essays; items and settings, for any
-- cache) is announced here, in the same transaction as the write, and every process reads the
-- rows after its cursor a few seconds later. Rows are pruned after a day; no personal data
-- (the key is an essay id, an item id or '' ).
-- Pruning always keeps the newest row, so ids never go back and a cursor stays valid;
-- `changes_pruned` remembers the highest id pruned, so a reader further behind knows it missed rows.

CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('essay', 'item', 'settings')),
    key         TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE INDEX changes_created ON changes (created_at);

CREATE TABLE changes_pruned (
    one            INTEGER PRIMARY KEY CHECK (one = 1),
    pruned_through INTEGER NOT NULL
);
INSERT INTO changes_pruned (one, pruned_through) VALUES (1, 0);
