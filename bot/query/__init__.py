"""Query understanding: what the user meant, before retrieval and answer checks see it.

Case (a shouted question), small typos against the corpus vocabulary, and the synonyms and
abbreviations of Dutch public administration (knowledge/synonyms.yaml, extended by admins).
"""
