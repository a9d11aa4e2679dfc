-- 001: the progress database. Every table holding server data carries guild_id;
-- guild_id 0 is the direct-message scope, NULL (quiz_items only) a built-in item seen by all.
-- Times are ISO 8601 text in UTC with microseconds, so they sort as text.

CREATE TABLE schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);

CREATE TABLE guilds (
    guild_id    INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE learners (
    guild_id        INTEGER NOT NULL REFERENCES guilds(guild_id),
    user_id         INTEGER NOT NULL,
    share_progress  INTEGER NOT NULL DEFAULT 1 CHECK (share_progress IN (0, 1)),
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Every tutor answer (question asked, answer given, what it cited).
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    citations   TEXT NOT NULL DEFAULT '[]',
    abstained   INTEGER NOT NULL CHECK (abstained IN (0, 1)),
    latency_ms  REAL NOT NULL,
    created_at  TEXT NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES learners(guild_id, user_id)
);

CREATE TABLE feedback (
    answer_id   INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

CREATE TABLE quiz_items (
    pk          INTEGER PRIMARY KEY,
    guild_id    INTEGER REFERENCES guilds(guild_id),
    item_id     TEXT NOT NULL,
    essay       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('builtin', 'generated', 'moderator')),
    status      TEXT NOT NULL CHECK (status IN ('active', 'disabled', 'pending')),
    created_by  INTEGER,
    data        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX quiz_items_scope_id ON quiz_items (ifnull(guild_id, -1), item_id);

CREATE TABLE quiz_sessions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL REFERENCES guilds(guild_id),
    channel_id  INTEGER,
    kind        TEXT NOT NULL,
    started_by  INTEGER,
    settings    TEXT NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL CHECK (status IN ('active', 'finished', 'cancelled', 'abandoned')),
    started_at  TEXT NOT NULL,
    ended_at    TEXT
);

-- item_id is text without a foreign key on purpose: removing a bad item must not rewrite
-- learners' history. card_after is the FSRS card right after this attempt (for history charts).
CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    item_id       TEXT NOT NULL,
    essay         TEXT NOT NULL,
    session_id    INTEGER REFERENCES quiz_sessions(id) ON DELETE SET NULL,
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answer        TEXT NOT NULL,
    response_ms   INTEGER NOT NULL,
    time_limit_s  REAL NOT NULL,
    points        INTEGER NOT NULL DEFAULT 0,
    rating        INTEGER NOT NULL,
    card_after    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES learners(guild_id, user_id)
);

CREATE TABLE srs_cards (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    item_id      TEXT NOT NULL,
    essay        TEXT NOT NULL,
    state        INTEGER NOT NULL,
    step         INTEGER,
    stability    REAL,
    difficulty   REAL,
    due          TEXT NOT NULL,
    last_review  TEXT,
    reps         INTEGER NOT NULL DEFAULT 0,
    lapses       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id, item_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES learners(guild_id, user_id)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
