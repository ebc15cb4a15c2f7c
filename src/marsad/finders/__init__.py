"""Finders for what an event is built from: dates, numbers and casualties, triggers, actors, cues."""
