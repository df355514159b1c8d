// A load starts (loading = true) or ends (loading = false, a new version).
MERGE (m:Meta {id: 'data'})
SET m.version = $version, m.loading = $loading
