"""Pages of the spreading app (/spredning/), one module per area: the adoption ``ledger``, the
diffusion ``statistics``, the tile ``map`` pictures, an organisation's ``recommendations``,
``contact`` with an adopter, the spreading ``guide``, the technology ``radar`` and ``imports``.
Thin: parse input, call selectors and services, render."""
