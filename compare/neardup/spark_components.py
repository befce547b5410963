"""Connected components of related pairs on Spark: large-star / small-star, in plain DataFrames.

Clusters are the connected components of the related pairs, as
compare.neardup.clusters finds them with union-find on one machine. Across
machines there is no shared parent table, so edges are rewritten until every
component is a star pointing at its smallest node (Kiveris et al., "Connected
Components in MapReduce and Beyond", 2014); the rounds needed grow with the
logarithm of a component's size, not its diameter. No graph package is
needed (graphframes would be downloaded at run time).

Algorithm, on edges (src, dst) between document numbers:

1. Orient every edge from the larger node to the smaller and drop repeats.
2. Large-star: each node u links every larger neighbour to the smallest of
   u and its neighbours.
3. Small-star: each node u links itself and its smaller neighbours to the
   smallest of them.
4. Stop when the edges are stars: no node has two targets and no target has
   one; else go to 2. Each star is one component, its centre the smallest node.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.window import Window

MAX_ROUNDS = 64  # each round at least halves the work in theory; far more means a bug, not a big graph


def _oriented(edges: DataFrame) -> DataFrame:
    """Step 1: (larger, smaller), no self-loops, no repeats."""
    return (edges.select(F.greatest("src", "dst").alias("src"), F.least("src", "dst").alias("dst"))
            .where(F.col("src") != F.col("dst")).distinct())


def large_star(edges: DataFrame) -> DataFrame:
    """Step 2: every neighbour v > u of u gets the edge (v, min(u and its neighbours)); repeats stay for step 3."""
    both = edges.union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    low = F.least(F.min("dst").over(Window.partitionBy("src")), F.col("src"))
    return (both.select("src", "dst", low.alias("low")).where(F.col("dst") > F.col("src"))
            .select(F.col("dst").alias("src"), F.col("low").alias("dst")))


def small_star(edges: DataFrame) -> DataFrame:
    """Step 3: u and each smaller neighbour v get the edge (v, min(smaller neighbours)); edges are (larger, smaller)."""
    low = edges.select("src", "dst", F.min("dst").over(Window.partitionBy("src")).alias("low"))
    moved = low.select(F.col("dst").alias("src"), F.col("low").alias("dst"))
    return moved.union(low.select("src", F.col("low").alias("dst"))).where(F.col("src") != F.col("dst")).distinct()


def _are_stars(edges: DataFrame) -> bool:
    """Step 4: one target per node and no target that points on (one Spark job)."""
    sources = edges.groupBy("src").count()
    forked = sources.where(F.col("count") > 1).select("src")
    chained = edges.select(F.col("dst").alias("src")).join(sources, "src", "left_semi")
    return not forked.union(chained).limit(1).count()


def components(edges: DataFrame) -> DataFrame:
    """(node, root) for every node of the edges (src, dst): root is the smallest node of its component."""
    current = _oriented(edges).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        current = small_star(large_star(current)).localCheckpoint()
        if _are_stars(current):
            break
    else:
        raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")
    roots = current.select(F.col("dst").alias("node"), F.col("dst").alias("root")).distinct()
    return current.select(F.col("src").alias("node"), F.col("dst").alias("root")).union(roots)
