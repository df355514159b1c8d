// An applied change set: a new data version in the same transaction, so cached aggregates are read again.
MERGE (m:Meta {id: 'data'})
SET m.version = $version
