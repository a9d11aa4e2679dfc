-- 002: indexes for the per-learner and per-server queries, server settings, per-server status
-- of built-in items (a server can disable a built-in question without touching other servers),
-- and at most one active group session per channel.

ALTER TABLE guilds ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

CREATE TABLE guild_item_status (
    guild_id    INTEGER NOT NULL REFERENCES guilds(guild_id),
    item_id     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'disabled', 'pending')),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, item_id)
);

CREATE INDEX attempts_learner ON attempts (guild_id, user_id, created_at);
CREATE INDEX attempts_item ON attempts (guild_id, item_id);
CREATE INDEX attempts_session ON attempts (session_id);
CREATE INDEX attempts_user ON attempts (user_id);
CREATE INDEX srs_cards_due ON srs_cards (guild_id, user_id, due);
CREATE INDEX answers_learner ON answers (guild_id, user_id, created_at);
CREATE INDEX answers_user ON answers (user_id);
CREATE INDEX feedback_user ON feedback (user_id);
CREATE INDEX learners_user ON learners (user_id);
CREATE INDEX quiz_items_essay ON quiz_items (guild_id, essay);
CREATE INDEX audit_log_guild ON audit_log (guild_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE UNIQUE INDEX quiz_sessions_one_group_per_channel
    ON quiz_sessions (guild_id, channel_id) WHERE status = 'active' AND kind = 'group';
