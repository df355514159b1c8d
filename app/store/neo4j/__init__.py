"""The Neo4j store: the store contract over a Neo4j 5 server, every query a file in ``queries/``."""
