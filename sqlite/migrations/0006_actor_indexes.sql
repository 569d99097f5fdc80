-- 0006_actor_indexes: the indexes the actor page (web /actors/{code},
-- /api/actors/{code}) reads through sqlite.DB.Roles and DB.QuotesBy.
--
-- mentions_code_role: mentions that carry a role, by actor code (partial:
-- only the mentions with a role are indexed, a small part of the largest
-- table, so the write path pays little). With the table's key (document,
-- idx) it covers the roles query.
--
-- quotations_speaker: quotations by their speaker's actor row
-- (dropped by 0003 when no query used it); partial, leaving out the
-- quotations with no resolved speaker.

CREATE INDEX mentions_code_role ON mentions(code, role) WHERE role <> '';
CREATE INDEX quotations_speaker ON quotations(speaker_actor) WHERE speaker_actor IS NOT NULL;
