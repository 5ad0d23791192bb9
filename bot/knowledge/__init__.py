"""The knowledge base: index the sources, search them (hybrid), answer from them."""
