"""Places: the gazetteer and the matching of place names in Arabic text."""

from marsad.geo.gazetteer import Gazetteer
from marsad.geo.places import Place, PlaceMention

__all__ = ["Gazetteer", "Place", "PlaceMention"]
