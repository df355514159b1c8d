// The stamps of the catalogue: `version` changes whenever templates or parks are (re)loaded,
// `regions` names the region list held (a fingerprint of its rows), so a store re-reads only what changed.
OPTIONAL MATCH (m:Meta {id: 'catalog'})
RETURN m.version AS version, m.regions AS regions
