// A reloaded template replaces the old one: nodes it no longer has go, with their relationships.
UNWIND $chains AS chain
MATCH (n:ChainNode {chain_id: chain.id})
WHERE NOT n.id IN chain.node_ids
DETACH DELETE n
