"""Event assembly: triggers and their arguments become events; non-events are filtered out."""
