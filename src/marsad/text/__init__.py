"""The Arabic text layer: a normalized view with offsets back to the canonical text, tokens, sentences."""
