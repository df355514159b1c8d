// The stamp that changes whenever templates or regions are (re)loaded; a store re-reads its cached catalogue when it differs.
OPTIONAL MATCH (m:Meta {id: 'catalog'})
RETURN m.version AS version
