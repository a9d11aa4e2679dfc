-- 004: the chat messages that show a running group quiz's open question (its answer buttons), so
-- a start-up after a crash can close them: the adapter edits them to say the quiz ended, with the
-- scores so far. A row lives while its question is open; no personal data.

CREATE TABLE session_messages (
    session_id  INTEGER NOT NULL REFERENCES quiz_sessions(id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (session_id, message_id)
);
