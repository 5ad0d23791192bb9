"""All Block Kit: pure functions from values to blocks. No I/O."""
