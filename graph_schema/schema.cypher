// Constraints and indexes of the ChainMap graph (DESIGN §4), applied idempotently when the
// Neo4j store starts. One statement per ';'. Every statement works on Neo4j 5 Community.

// Unique ids per label (each also gives the index its lookups use).
CREATE CONSTRAINT chain_id IF NOT EXISTS FOR (c:Chain) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT chain_node_id IF NOT EXISTS FOR (n:ChainNode) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (e:Enterprise) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT enterprise_uscc IF NOT EXISTS FOR (e:Enterprise) REQUIRE e.uscc IS UNIQUE;
CREATE CONSTRAINT region_code IF NOT EXISTS FOR (r:Region) REQUIRE r.code IS UNIQUE;
CREATE CONSTRAINT park_id IF NOT EXISTS FOR (p:Park) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT snapshot_key IF NOT EXISTS FOR (s:Snapshot) REQUIRE s.key IS UNIQUE;
CREATE INDEX snapshot_chain_id IF NOT EXISTS FOR (s:Snapshot) ON (s.chain_id);

// Lookup keys: a chain's nodes; enterprises by scope (equality on the stored county / city /
// province code); parks and regions by their region; links by grade; names for text search.
CREATE INDEX chain_node_chain_id IF NOT EXISTS FOR (n:ChainNode) ON (n.chain_id);
CREATE INDEX enterprise_region_code IF NOT EXISTS FOR (e:Enterprise) ON (e.region_code);
CREATE INDEX enterprise_city_code IF NOT EXISTS FOR (e:Enterprise) ON (e.city_code);
CREATE INDEX enterprise_province_code IF NOT EXISTS FOR (e:Enterprise) ON (e.province_code);
CREATE INDEX enterprise_status IF NOT EXISTS FOR (e:Enterprise) ON (e.status);
CREATE TEXT INDEX enterprise_name IF NOT EXISTS FOR (e:Enterprise) ON (e.name);
CREATE INDEX region_parent_code IF NOT EXISTS FOR (r:Region) ON (r.parent_code);
CREATE INDEX park_region_code IF NOT EXISTS FOR (p:Park) ON (p.region_code);
CREATE INDEX in_node_grade IF NOT EXISTS FOR ()-[r:IN_NODE]-() ON (r.grade);

// Wait until every index is online, so the first queries after start already use them.
CALL db.awaitIndexes(300);
