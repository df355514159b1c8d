"""The embedded store: enterprises in compact columns with indexes kept up to date, in this process."""
from app.store.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
