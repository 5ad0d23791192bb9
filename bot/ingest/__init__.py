"""Loading, repairing and chunking the source documents, and finding SWOT tables."""
