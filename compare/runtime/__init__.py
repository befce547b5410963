"""Infrastructure the stages use and no result depends on: worker processes, the cache, the run context."""
