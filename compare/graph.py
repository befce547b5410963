"""Connected components: the one union-find that clusters, reprint families and stories share."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def connected_components(nodes: Iterable[Node], edges: Iterable[tuple[Node, Node]]) -> list[list[Node]]:
    """Groups of nodes joined by edges, every node once (alone if no edge touches it).

    Groups come in the order their first node appears in ``nodes`` (then in
    edges, for nodes only edges name), members in that same order, so callers
    get a deterministic result. Union-find with path halving keeps chains short.
    """
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for node in nodes:
        root(node)
    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[Node, list[Node]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    return list(groups.values())
