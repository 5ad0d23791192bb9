"""Answering: extractive answers, LLM answers and the citation check they share."""
