"""Build the configured store from settings."""
from __future__ import annotations

from app.settings import Settings, StoreKind
from app.store.base import GraphStore


def open_store(settings: Settings) -> GraphStore:
    """The embedded store over ``settings.data_dir`` (journal in ``state_dir``), or the Neo4j store."""
    if settings.store is StoreKind.neo4j:
        from app.store.neo4j.store import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from app.store.embedded.store import EmbeddedStore

    return EmbeddedStore.open(settings.data_dir, settings.state_dir)
