"""Near-duplicates: shingles, MinHash signatures, LSH candidates, exact verification, clusters."""
