"""Writes of the spreading app, one module per area: the adoption ledger (``ledger``), the
spreading ``guide``'s projects and worksheets, ``imports`` of adoption files, and ``contact``
with a verified adopter. Every write is a ``@service`` that checks its policy first."""
