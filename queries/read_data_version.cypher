// The stamp of the enterprise data: a new version after every load and every applied change set,
// `loading` while a load runs (aggregates are then not cached). No stamp: data written before stamps existed.
OPTIONAL MATCH (m:Meta {id: 'data'})
RETURN m.version AS version, coalesce(m.loading, false) AS loading
