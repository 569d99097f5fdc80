-- 0003_lean_writes: cheaper writes for the per-document layers.
--
-- mentions (about 75 rows per article, the largest write) becomes one
-- B-tree keyed by (document, idx) instead of a rowid table plus a unique
-- index; nothing refers to a mention's row id. Indexes that no query uses
-- are dropped: mentions(actor), quotations(speaker_actor) and the two
-- ingest_log indexes. Add them back in a later migration when a query
-- needs them.

CREATE TABLE mentions_new (
    document   INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,                   -- index in Analysis.Mentions
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    type       TEXT    NOT NULL DEFAULT '',
    actor      INTEGER REFERENCES actors(pk),
    code       TEXT    NOT NULL DEFAULT '',
    role       TEXT    NOT NULL DEFAULT '',
    via        TEXT    NOT NULL DEFAULT '',
    antecedent INTEGER NOT NULL DEFAULT -1,
    pronoun    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;
INSERT INTO mentions_new(document, idx, start, "end", text, type, actor, code, role, via, antecedent, pronoun)
    SELECT document, idx, start, "end", text, type, actor, code, role, via, antecedent, pronoun FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_new RENAME TO mentions;

DROP INDEX IF EXISTS quotations_speaker_actor;
DROP INDEX IF EXISTS ingest_log_source;
DROP INDEX IF EXISTS ingest_log_doc_id;
