-- 003: essays a server's moderators upload. What people made lives here, in the database that is
-- backed up: the text as uploaded (decoded to UTF-8), its file name, and who added it when. The
-- essay index (index.sqlite: chunks, vectors, the embedding cache) is derived from seeds/ plus
-- this table and is rebuilt when missing.

CREATE TABLE essays (
    guild_id      INTEGER NOT NULL REFERENCES guilds(guild_id),
    slug          TEXT NOT NULL,
    filename      TEXT NOT NULL,
    title         TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    added_by      INTEGER,
    added_at      TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (guild_id, slug)
);

-- The index names an essay by its id alone, so one id belongs to one server's essay.
CREATE UNIQUE INDEX essays_slug ON essays (slug);
CREATE INDEX essays_added_by ON essays (added_by);
