-- 0005_dyad_summary: per-(state dyad, day) and per-(state dyad, month)
-- sums of events, so that realign dyad, shifts and blocs read
-- O(dyads x days or months) rows instead of every event cluster
-- (docs/ANALYTICS.md, docs/benchmarks/analytics.md).
--
-- origin: 0 = realign's event clusters (event_clusters, one count per
-- cluster), 1 = imported GDELT rows (gdelt_events). source and target are
-- state keys (analytics.StateOf of the actor code; GDELT: of the actor's
-- country code when present), '' when the actor has no state; rows with
-- '' or with source = target are kept and left out by the queries. The
-- columns are analytics.Cell's sums: n clusters, qK clusters of quad
-- class K (q0: none), sum_g / sum_g2 sum and sum of squares of Goldstein,
-- w weighted count (analytics.Weight of num_sources), wg weighted
-- Goldstein sum, wqK weighted count by quad class, reports the sum of
-- max(num_sources, 1). They are exact sums, recomputed from the source
-- rows; distinct outlets are not additive and are not kept here.
--
-- Triggers only mark the (origin, day) of every written, changed or
-- deleted row in summary_dirty (cheap on the write path); the store
-- recomputes those days and their months from the source rows before the
-- next analytics read (sqlite.DB.RefreshSummaries). The rows already
-- stored are marked here, so the first read after this migration builds
-- the tables.

CREATE TABLE dyad_days (
    origin  INTEGER NOT NULL,
    day     INTEGER NOT NULL,                      -- days since 1970-01-01
    source  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    n       INTEGER NOT NULL, q0 INTEGER NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    sum_g   REAL    NOT NULL, sum_g2 REAL NOT NULL, w REAL NOT NULL, wg REAL NOT NULL,
    wq0 REAL NOT NULL, wq1 REAL NOT NULL, wq2 REAL NOT NULL, wq3 REAL NOT NULL, wq4 REAL NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (origin, day, source, target)
) WITHOUT ROWID;
CREATE INDEX dyad_days_pair ON dyad_days(origin, source, target, day);
CREATE INDEX dyad_days_target ON dyad_days(origin, target, day);

CREATE TABLE dyad_months (
    origin  INTEGER NOT NULL,
    month   INTEGER NOT NULL,                      -- first day of the month, days since 1970-01-01
    source  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    n       INTEGER NOT NULL, q0 INTEGER NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    sum_g   REAL    NOT NULL, sum_g2 REAL NOT NULL, w REAL NOT NULL, wg REAL NOT NULL,
    wq0 REAL NOT NULL, wq1 REAL NOT NULL, wq2 REAL NOT NULL, wq3 REAL NOT NULL, wq4 REAL NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (origin, month, source, target)
) WITHOUT ROWID;

CREATE TABLE summary_dirty (
    origin INTEGER NOT NULL,
    day    INTEGER NOT NULL,
    PRIMARY KEY (origin, day)
) WITHOUT ROWID;

CREATE TRIGGER event_clusters_summary_insert AFTER INSERT ON event_clusters WHEN new.first_day IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) VALUES (0, new.first_day);
END;
CREATE TRIGGER event_clusters_summary_delete AFTER DELETE ON event_clusters WHEN old.first_day IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) VALUES (0, old.first_day);
END;
CREATE TRIGGER event_clusters_summary_update AFTER UPDATE OF first_day, source_code, target_code, quad_class, goldstein, num_sources ON event_clusters
    WHEN old.first_day IS NOT new.first_day OR old.source_code IS NOT new.source_code OR old.target_code IS NOT new.target_code
      OR old.quad_class IS NOT new.quad_class OR old.goldstein IS NOT new.goldstein OR old.num_sources IS NOT new.num_sources
BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 0, old.first_day WHERE old.first_day IS NOT NULL;
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 0, new.first_day WHERE new.first_day IS NOT NULL;
END;

CREATE TRIGGER gdelt_events_summary_insert AFTER INSERT ON gdelt_events WHEN new.day IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) VALUES (1, new.day);
END;
CREATE TRIGGER gdelt_events_summary_delete AFTER DELETE ON gdelt_events WHEN old.day IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) VALUES (1, old.day);
END;
CREATE TRIGGER gdelt_events_summary_update AFTER UPDATE ON gdelt_events BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 1, old.day WHERE old.day IS NOT NULL;
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 1, new.day WHERE new.day IS NOT NULL;
END;

INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT DISTINCT 0, first_day FROM event_clusters WHERE first_day IS NOT NULL;
INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT DISTINCT 1, day FROM gdelt_events WHERE day IS NOT NULL;
