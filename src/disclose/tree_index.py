"""The presentation tree of a table, indexed for matching row labels against its concepts."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


from disclose.paths import read_data
from disclose.taxonomy.source import Node, Source, TableSpec
from disclose.text.tokens import norm


@dataclass
class TreeIndex:
    nodes: list[tuple[Node, int]]
    names: list[set[str]]
    abstract: list[bool]


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    data = read_data("label_variants.yaml")
    return tuple((norm(a), norm(b)) for a, b in data)


def _with_variants(keys: set[str]) -> set[str]:
    out = set(keys)
    for a, b in _variants():
        out |= {k.replace(a, b) for k in keys if a in k and b not in k}
    return out


def build_index(src: Source, spec: TableSpec) -> TreeIndex:
    nodes = spec.nodes()
    names, abstract = [], []
    for node, _ in nodes:
        c = src.concepts[node.concept]
        names.append(_with_variants({norm(n) for n in c.names() if norm(n)}))
        abstract.append(c.abstract)
    return TreeIndex(nodes, names, abstract)



def node_of(ix: TreeIndex, concept: str) -> int | None:
    """The first node of the table's tree that holds the concept."""
    return next((k for k, (n, _) in enumerate(ix.nodes) if n.concept == concept), None)



def descendants(spec: TableSpec, total: str) -> set[str]:
    """The concepts a total sums, through its subtotals, in a table's calculations."""
    out: set[str] = set()
    todo = [total]
    while todo:
        for child, _ in spec.calculations.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out



def parent_of(ix: TreeIndex, k: int) -> str | None:
    """The concept of the node under which node k hangs in the presentation tree."""
    depth = ix.nodes[k][1]
    for j in range(k - 1, -1, -1):
        if ix.nodes[j][1] < depth:
            return ix.nodes[j][0].concept
    return None


def under(ix: TreeIndex, heading: int, k: int) -> bool:
    """Whether node k hangs under the node `heading` in the presentation tree."""
    depth = ix.nodes[heading][1]
    for j in range(heading + 1, len(ix.nodes)):
        if ix.nodes[j][1] <= depth:
            return False
        if j == k:
            return True
    return False
