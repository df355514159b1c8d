// Stamp a new catalogue version after a load, so every store instance re-reads templates and parks
// (and the regions, when their fingerprint changed).
MERGE (m:Meta {id: 'catalog'})
SET m.version = $version, m.regions = $regions
