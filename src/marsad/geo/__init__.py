"""Places: the gazetteer and the matching of place names in Arabic text."""
