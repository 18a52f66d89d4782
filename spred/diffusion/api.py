"""/api/v1 endpoints of the adoption ledger and the diffusion statistics."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["spredning"])
