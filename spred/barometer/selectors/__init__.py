"""Reads of the barometer: ``public`` (the publication, the same for every visitor) and
``workspace`` (the analysts' workspace, analysts only)."""
