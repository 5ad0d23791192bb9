"""SWOT of a form of cooperation: from a document table or composed from passages."""
