-- An actor row per knowledge-base id and code (storesql.ActorKey): rows
-- stored before keyed by the id alone take their code into the key.
UPDATE actors SET key = kb_id || '|' || code WHERE kb_id <> '' AND key = kb_id;
