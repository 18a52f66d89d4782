"""The barometer's pages: ``public`` (the publication and its open data, the same for everyone)
and ``analyst`` (the analysts' workspace)."""
