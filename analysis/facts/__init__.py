"""facts layer."""
