// Template edges of the reloaded chains are drawn again from the new template.
MATCH (n:ChainNode)-[r:PART_OF|FEEDS|RELATED_TO]->(:ChainNode)
WHERE n.chain_id IN $chain_ids
DELETE r
