"""Forms of the spreading app, one module per area: the adoption ``ledger``, the spreading
``guide``, ``contact`` with an adopter and the ``imports`` page's upload."""
