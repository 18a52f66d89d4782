"""Writes of the Innovation Barometer, by area: ``waves`` (creating and editing a wave),
``imports`` (its codebook and microdata) and ``publishing`` (publishing and unpublishing)."""
