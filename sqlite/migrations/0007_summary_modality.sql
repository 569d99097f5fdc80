-- 0007_summary_modality: the summary tables count only the events the
-- analytics should count (docs/ANALYTICS.md, "What counts"), and keep the
-- precision of their dates apart.
--
-- A coded event cluster now counts when at least one of its mentions
-- counts (analytics.Counts: asserted, or an intended/hoped 03x intent;
-- never negated, hypothetical or historical), and its date precision is
-- the finest among those mentions (analytics.PrecisionOf: 0 day, 1 week,
-- 2 month, 3 year); a cluster with no stored mention counts as asserted
-- and day-precise. GDELT rows are always day-precise and asserted. The
-- readers keep, for each window, only the precisions it admits
-- (analytics.Window.Admits), so a "2016" event no longer piles into
-- January 1st.
--
-- dyad_days and dyad_months are rebuilt with a prec column; mentions
-- that are written, changed or deleted now mark their cluster's day too
-- (a negated mention joining a cluster changes nothing, an asserted one
-- may make it count). Every stored day is marked dirty, so the first
-- read after this migration rebuilds the summaries.

DROP TABLE dyad_days;
DROP TABLE dyad_months;

CREATE TABLE dyad_days (
    origin  INTEGER NOT NULL,
    day     INTEGER NOT NULL,                      -- days since 1970-01-01
    source  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    prec    INTEGER NOT NULL,                      -- date precision: 0 day, 1 week, 2 month, 3 year
    n       INTEGER NOT NULL, q0 INTEGER NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    sum_g   REAL    NOT NULL, sum_g2 REAL NOT NULL, w REAL NOT NULL, wg REAL NOT NULL,
    wq0 REAL NOT NULL, wq1 REAL NOT NULL, wq2 REAL NOT NULL, wq3 REAL NOT NULL, wq4 REAL NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (origin, day, source, target, prec)
) WITHOUT ROWID;
CREATE INDEX dyad_days_pair ON dyad_days(origin, source, target, day);
CREATE INDEX dyad_days_target ON dyad_days(origin, target, day);

CREATE TABLE dyad_months (
    origin  INTEGER NOT NULL,
    month   INTEGER NOT NULL,                      -- first day of the month, days since 1970-01-01
    source  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    prec    INTEGER NOT NULL,                      -- date precision: 0 day, 1 week, 2 month, 3 year
    n       INTEGER NOT NULL, q0 INTEGER NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    sum_g   REAL    NOT NULL, sum_g2 REAL NOT NULL, w REAL NOT NULL, wg REAL NOT NULL,
    wq0 REAL NOT NULL, wq1 REAL NOT NULL, wq2 REAL NOT NULL, wq3 REAL NOT NULL, wq4 REAL NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (origin, month, source, target, prec)
) WITHOUT ROWID;

CREATE TRIGGER events_summary_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 0, first_day FROM event_clusters WHERE pk = new.cluster AND first_day IS NOT NULL;
END;
CREATE TRIGGER events_summary_delete AFTER DELETE ON events BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 0, first_day FROM event_clusters WHERE pk = old.cluster AND first_day IS NOT NULL;
END;
CREATE TRIGGER events_summary_update AFTER UPDATE OF cluster, modality, date, code ON events BEGIN
    INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT 0, first_day FROM event_clusters WHERE pk IN (old.cluster, new.cluster) AND first_day IS NOT NULL;
END;

INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT DISTINCT 0, first_day FROM event_clusters WHERE first_day IS NOT NULL;
INSERT OR IGNORE INTO summary_dirty(origin, day) SELECT DISTINCT 1, day FROM gdelt_events WHERE day IS NOT NULL;
