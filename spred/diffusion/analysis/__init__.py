"""The spreading app's pure code: it computes from plain values and knows no models or
database — the diffusion statistics and model fits, their charts, the tile map and the 'lært
af' genealogy, peer recommendations, the technology radar's rule and the spreading guide's
definition and scoring. The selectors read the rows; these modules work on them.

Nothing is imported here, so ``analysis.fitting`` stays usable without Django settings.
"""
