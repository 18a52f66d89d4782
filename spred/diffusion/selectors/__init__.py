"""Reads of the spreading app, one module per area: the adoption ledger (``ledger``, with the open
ledger ``public_adoptions`` that every public figure is computed from), the diffusion
``statistics``, the tile ``map`` and the genealogy, peer ``recommendations``, ``contact`` with
adopters, the ``guide``'s projects and the technology ``radar``."""
