"""Text reuse between two articles: shared passages, ordered overlap, reprint families."""
