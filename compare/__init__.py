"""compare: find wire copy, shared passages and differing facts across news articles."""

__version__ = "0.1.0"
