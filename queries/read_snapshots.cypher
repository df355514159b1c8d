// The saved snapshots, of one chain ($chain_id) or all ($chain_id null), oldest first.
MATCH (s:Snapshot)
WHERE $chain_id IS NULL OR s.chain_id = $chain_id
RETURN s.chain_id AS chain_id, s.scope_kind AS scope_kind, s.scope_code AS scope_code, s.label AS label,
       s.taken_at AS taken_at, s.body AS body
ORDER BY taken_at, label
