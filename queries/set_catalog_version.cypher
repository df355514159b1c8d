// Stamp a new catalogue version after a load, so every store instance re-reads templates and regions.
MERGE (m:Meta {id: 'catalog'})
SET m.version = $version
