"""What happens after a listener acked: answering, SWOT, case knowledge, threads."""
