-- 0002_gdelt: events imported from GDELT 1.0 and 2.0 event exports, kept
-- apart from the events realign codes itself so the two can be compared.

CREATE TABLE gdelt_events (
    global_event_id INTEGER PRIMARY KEY,
    gdelt_version   INTEGER NOT NULL,              -- 1 or 2
    day             INTEGER,                       -- SQLDATE as days since 1970-01-01
    sqldate         TEXT    NOT NULL,              -- YYYYMMDD
    actor1_code     TEXT    NOT NULL DEFAULT '',
    actor1_name     TEXT    NOT NULL DEFAULT '',
    actor1_country  TEXT    NOT NULL DEFAULT '',
    actor2_code     TEXT    NOT NULL DEFAULT '',
    actor2_name     TEXT    NOT NULL DEFAULT '',
    actor2_country  TEXT    NOT NULL DEFAULT '',
    is_root_event   INTEGER NOT NULL DEFAULT 0,
    event_code      TEXT    NOT NULL,
    quad_class      INTEGER NOT NULL DEFAULT 0,
    goldstein       REAL    NOT NULL DEFAULT 0,
    num_mentions    INTEGER NOT NULL DEFAULT 0,
    num_sources     INTEGER NOT NULL DEFAULT 0,
    num_articles    INTEGER NOT NULL DEFAULT 0,
    avg_tone        REAL    NOT NULL DEFAULT 0,
    action_geo_type INTEGER NOT NULL DEFAULT 0,
    action_geo_name TEXT    NOT NULL DEFAULT '',
    action_geo_country TEXT NOT NULL DEFAULT '',   -- FIPS 10-4, as in GDELT
    action_geo_lat  REAL,
    action_geo_lon  REAL,
    date_added      TEXT    NOT NULL DEFAULT '',
    source_url      TEXT    NOT NULL DEFAULT '',
    row             TEXT    NOT NULL               -- the original tab-separated row
);
CREATE INDEX gdelt_events_day ON gdelt_events(day);
CREATE INDEX gdelt_events_actors ON gdelt_events(actor1_code, actor2_code);
