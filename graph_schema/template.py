"""A chain template: one chain's tree of links, its FEEDS edges and its RELATED_TO edges.

>>> from graph_schema.models import Chain, ChainNode, Feeds
>>> t = ChainTemplate(
...     Chain(id="c", name="链", name_en="Chain"),
...     [ChainNode(id="c.up", chain_id="c", name="上游", name_en="Up", stage="upstream", level=1),
...      ChainNode(id="c.a", chain_id="c", name="甲", name_en="A", stage="upstream", level=2,
...                parent_id="c.up", is_leaf=True),
...      ChainNode(id="c.b", chain_id="c", name="乙", name_en="B", stage="upstream", level=2,
...                parent_id="c.up", is_leaf=True)],
...     [Feeds(source="c.a", target="c.b")], [])
>>> [n.id for n in t.leaves], t.suppliers_of("c.b"), t.customers_of("c.a")
(['c.a', 'c.b'], ['c.a'], ['c.b'])
"""
from __future__ import annotations

from functools import cached_property

import networkx as nx

from graph_schema.models import Chain, ChainNode, Feeds, Related


class ChainTemplate:
    """Immutable view of one chain; FEEDS kept as a networkx DiGraph over leaf ids."""

    def __init__(self, chain: Chain, nodes: list[ChainNode], feeds: list[Feeds], related: list[Related]):
        self.chain = chain
        self.nodes = tuple(nodes)
        self.feeds = tuple(feeds)
        self.related = tuple(related)
        self.by_id = {n.id: n for n in self.nodes}
        self.feeds_graph = nx.DiGraph()
        self.feeds_graph.add_nodes_from(n.id for n in self.nodes if n.is_leaf)
        self.feeds_graph.add_edges_from((f.source, f.target) for f in self.feeds)

    @property
    def id(self) -> str:
        return self.chain.id

    @cached_property
    def leaves(self) -> tuple[ChainNode, ...]:
        return tuple(n for n in self.nodes if n.is_leaf)

    @cached_property
    def leaf_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.leaves)

    @cached_property
    def total_weight(self) -> float:
        return sum(n.weight for n in self.leaves)

    def node(self, node_id: str) -> ChainNode:
        return self.by_id[node_id]

    def children_of(self, node_id: str | None) -> list[ChainNode]:
        return [n for n in self.nodes if n.parent_id == node_id]

    def suppliers_of(self, node_id: str) -> list[str]:
        """Links that FEED ``node_id`` (one hop upstream)."""
        return sorted(self.feeds_graph.predecessors(node_id)) if node_id in self.feeds_graph else []

    def customers_of(self, node_id: str) -> list[str]:
        """Links ``node_id`` FEEDS (one hop downstream)."""
        return sorted(self.feeds_graph.successors(node_id)) if node_id in self.feeds_graph else []

    def segment_of(self, node_id: str) -> ChainNode | None:
        """The parent of a leaf (its segment), if any."""
        parent = self.by_id[node_id].parent_id
        return self.by_id.get(parent) if parent else None

    def topological_leaves(self) -> list[str]:
        """Leaf ids ordered so that every link comes after the links that FEED it."""
        order = {n.id: i for i, n in enumerate(self.leaves)}
        return list(nx.lexicographical_topological_sort(self.feeds_graph, key=lambda n: order.get(n, 0)))
