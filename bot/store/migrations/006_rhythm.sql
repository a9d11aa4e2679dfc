-- 006: the study group's rhythm (issue 21). A server's schedules (the question of the day, the
-- weekly digest), the questions of the day that were posted, and members' opt-in review reminders.
-- `next_run_at` is the next occurrence in UTC (computed from the local time and the IANA zone), so
-- the scheduler's one question is "what is due now" over an index. A question of the day is a quiz
-- session of kind 'daily' (its answers are ordinary attempts with that session id); one per server
-- and local day, which the unique index guarantees whichever process posts it.

CREATE TABLE rhythm_schedules (
    guild_id         INTEGER NOT NULL REFERENCES guilds(guild_id),
    kind             TEXT NOT NULL CHECK (kind IN ('daily', 'digest')),
    channel_id       INTEGER NOT NULL,
    local_time       TEXT NOT NULL,
    timezone         TEXT NOT NULL,
    weekday          INTEGER CHECK (weekday BETWEEN 0 AND 6),
    essay            TEXT,
    close_minutes    INTEGER,
    status           TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason  TEXT,
    created_by       INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    next_run_at      TEXT NOT NULL,
    last_local_date  TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, kind)
);
CREATE INDEX rhythm_schedules_due ON rhythm_schedules (status, next_run_at);
CREATE INDEX rhythm_schedules_created_by ON rhythm_schedules (created_by);

CREATE TABLE daily_posts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL REFERENCES guilds(guild_id),
    session_id  INTEGER NOT NULL REFERENCES quiz_sessions(id),
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,
    item_id     TEXT NOT NULL,
    essay       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    choices     TEXT NOT NULL DEFAULT '[]',
    local_date  TEXT NOT NULL,
    posted_at   TEXT NOT NULL,
    closes_at   TEXT,
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_at   TEXT
);
CREATE UNIQUE INDEX daily_posts_one_a_day ON daily_posts (guild_id, local_date);
CREATE INDEX daily_posts_open ON daily_posts (status, closes_at);
CREATE INDEX daily_posts_session ON daily_posts (session_id);

CREATE TABLE review_reminders (
    guild_id        INTEGER NOT NULL REFERENCES guilds(guild_id),
    user_id         INTEGER NOT NULL,
    hour            INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    timezone        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('on', 'off')),
    off_reason      TEXT,
    notice_pending  INTEGER NOT NULL DEFAULT 0 CHECK (notice_pending IN (0, 1)),
    next_run_at     TEXT NOT NULL,
    last_sent_at    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX review_reminders_due ON review_reminders (status, next_run_at);
CREATE INDEX review_reminders_user ON review_reminders (user_id);
