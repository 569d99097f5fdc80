-- 0004_analytics: a covering index for the analytics queries (dyad time
-- series, shifts, blocs), which read clusters by day and group them by
-- day, source and target without touching the table.

CREATE INDEX event_clusters_day ON event_clusters(first_day, source_code, target_code, quad_class, goldstein, num_sources);
