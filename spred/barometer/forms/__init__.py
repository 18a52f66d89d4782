"""Forms of the barometer's pages: ``analyst`` (the workspace: waves, imports, estimation
settings) and ``public`` (the publication's choices, all by GET)."""
