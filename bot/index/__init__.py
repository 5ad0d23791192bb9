"""Vector store, embedding backends and keyword index."""
