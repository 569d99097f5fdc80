-- 0001_init: documents, full-text index, near-duplicate bands, actors,
-- mentions, quotations, event mentions, event clusters and the ingest log.
-- Offsets (*_start, *_end) are byte offsets into documents.text, end
-- exclusive. Days (day, first_day) are days since 1970-01-01 (UTC).

CREATE TABLE documents (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,           -- realign.ContentID
    title       TEXT    NOT NULL DEFAULT '',
    text        TEXT    NOT NULL,
    url         TEXT    NOT NULL DEFAULT '',
    published   TEXT    NOT NULL DEFAULT '',       -- RFC 3339, '' when unknown
    source      TEXT    NOT NULL DEFAULT '',
    language    TEXT    NOT NULL DEFAULT '',
    format      TEXT    NOT NULL DEFAULT '',
    byline      TEXT    NOT NULL DEFAULT '',
    site        TEXT    NOT NULL DEFAULT '',
    outlet      TEXT    NOT NULL DEFAULT '',       -- site or URL host, for source counts
    status      TEXT    NOT NULL CHECK (status IN ('coded', 'not-coded', 'near-duplicate')),
    near_dup_of INTEGER REFERENCES documents(pk),
    simhash     INTEGER NOT NULL,                  -- 64-bit SimHash as a signed integer
    sentences   INTEGER NOT NULL DEFAULT 0,
    stored_at   TEXT    NOT NULL                   -- RFC 3339, UTC
);
CREATE INDEX documents_near_dup_of ON documents(near_dup_of);
CREATE INDEX documents_url ON documents(url);

-- Full-text index over title and text (external content: documents).
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content = 'documents', content_rowid = 'pk',
    tokenize = 'porter unicode61'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;

-- SimHash bands: the 64-bit hash cut into four 16-bit bands; key is
-- band << 16 | value. Two hashes within Hamming distance 3 share a band.
CREATE TABLE simhash_bands (
    key      INTEGER NOT NULL,
    document INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    PRIMARY KEY (key, document)
) WITHOUT ROWID;

CREATE TABLE actors (
    pk      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,                  -- kb id, or code|name
    kb_id   TEXT NOT NULL DEFAULT '',
    code    TEXT NOT NULL DEFAULT '',
    name    TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    sector  TEXT NOT NULL DEFAULT '',
    kind    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actors_code ON actors(code);

CREATE TABLE mentions (
    pk         INTEGER PRIMARY KEY,
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
    UNIQUE (document, idx)
);
CREATE INDEX mentions_actor ON mentions(actor);

CREATE TABLE quotations (
    pk            INTEGER PRIMARY KEY,
    document      INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,                -- index in Analysis.Quotes
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    kind          TEXT    NOT NULL DEFAULT '',
    cue           TEXT    NOT NULL DEFAULT '',
    cue_start     INTEGER NOT NULL DEFAULT 0,
    cue_end       INTEGER NOT NULL DEFAULT 0,
    speaker       TEXT    NOT NULL DEFAULT '',
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_actor INTEGER REFERENCES actors(pk),
    addressee     TEXT    NOT NULL DEFAULT '',
    UNIQUE (document, idx)
);
CREATE INDEX quotations_speaker_actor ON quotations(speaker_actor);

-- One row per reported event (GDELT's "event" table): event mentions that
-- agree on source code, target code and CAMEO code, and whose days are
-- within one day of each other or whose location is the same (within
-- seven days), form one cluster.
CREATE TABLE event_clusters (
    pk            INTEGER PRIMARY KEY,
    source_code   TEXT    NOT NULL,
    target_code   TEXT    NOT NULL,
    code          TEXT    NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL    NOT NULL,
    first_day     INTEGER,                         -- day of the first mention
    location_key  TEXT    NOT NULL DEFAULT '',
    first_event   INTEGER,                         -- events.pk of the first mention
    num_mentions  INTEGER NOT NULL DEFAULT 0,
    num_documents INTEGER NOT NULL DEFAULT 0,
    num_sources   INTEGER NOT NULL DEFAULT 0,
    first_seen    TEXT    NOT NULL
);
CREATE INDEX event_clusters_key ON event_clusters(source_code, target_code, code, first_day);

-- The documents reporting each cluster, near-duplicates included
-- (GDELT's "mentions" split, at document level).
CREATE TABLE cluster_documents (
    cluster  INTEGER NOT NULL REFERENCES event_clusters(pk) ON DELETE CASCADE,
    document INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (cluster, document)
) WITHOUT ROWID;
CREATE INDEX cluster_documents_document ON cluster_documents(document);

-- One row per event mention read from a stored (not near-duplicate) document.
CREATE TABLE events (
    pk             INTEGER PRIMARY KEY,
    document       INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    cluster        INTEGER NOT NULL REFERENCES event_clusters(pk),
    idx            INTEGER NOT NULL,               -- index in Analysis.Events
    source_actor   INTEGER REFERENCES actors(pk),
    target_actor   INTEGER REFERENCES actors(pk),
    source_code    TEXT    NOT NULL DEFAULT '',
    target_code    TEXT    NOT NULL DEFAULT '',
    source_start   INTEGER NOT NULL DEFAULT 0,
    source_end     INTEGER NOT NULL DEFAULT 0,
    target_start   INTEGER NOT NULL DEFAULT 0,
    target_end     INTEGER NOT NULL DEFAULT 0,
    code           TEXT    NOT NULL,
    label          TEXT    NOT NULL DEFAULT '',
    plover         TEXT    NOT NULL DEFAULT '',
    goldstein      REAL    NOT NULL DEFAULT 0,
    quad_class     INTEGER NOT NULL DEFAULT 0,
    modality       TEXT    NOT NULL DEFAULT '',
    date           TEXT    NOT NULL DEFAULT '',    -- as coded: day, week, month, year or ''
    day            INTEGER,                        -- effective day (see eventDay)
    location_name  TEXT    NOT NULL DEFAULT '',
    location_country TEXT  NOT NULL DEFAULT '',
    location_lat   REAL,
    location_lon   REAL,
    location_precision TEXT NOT NULL DEFAULT '',
    location_geo_id TEXT   NOT NULL DEFAULT '',
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    sentence       TEXT    NOT NULL DEFAULT '',
    paragraph      INTEGER NOT NULL DEFAULT -1,
    trigger_start  INTEGER NOT NULL DEFAULT 0,
    trigger_end    INTEGER NOT NULL DEFAULT 0,
    attributed_to  INTEGER REFERENCES actors(pk),
    quotation      INTEGER REFERENCES quotations(pk),
    rule           TEXT    NOT NULL DEFAULT '',
    UNIQUE (document, idx)
);
CREATE INDEX events_cluster ON events(cluster);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_code ON events(code);

-- Every input item's outcome, in arrival order.
CREATE TABLE ingest_log (
    pk     INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    doc_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('stored', 'duplicate', 'near-duplicate', 'not-coded', 'skipped', 'failed')),
    reason TEXT NOT NULL DEFAULT '',
    time   TEXT NOT NULL
);
CREATE INDEX ingest_log_source ON ingest_log(source);
CREATE INDEX ingest_log_doc_id ON ingest_log(doc_id);
