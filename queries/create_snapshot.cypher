// Save a snapshot (a review) unless its key is taken: returns saved = false when it is, and nothing is written.
OPTIONAL MATCH (old:Snapshot {key: $key})
WITH old
CALL (old) {
  WITH old WHERE old IS NULL
  CREATE (:Snapshot {key: $key, chain_id: $chain_id, scope_kind: $scope_kind, scope_code: $scope_code,
                     label: $label, taken_at: $taken_at, body: $body})
}
RETURN old IS NULL AS saved
