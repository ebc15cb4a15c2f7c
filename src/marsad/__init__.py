"""marsad: security events from Arabic news, with the Arabic evidence for every field."""

__version__ = "0.1.0"
