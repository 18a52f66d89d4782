"""Parameters more than one app's API takes, described once so they read the same everywhere."""

from __future__ import annotations

from ninja import Path

#: A slug in an address: a case, a solution, an organisation.
SLUG_PATH = Path(
    ...,
    description="Kortnavnet i adressen",
    pattern=r"^[-a-zA-Z0-9_]+$",
    max_length=220,
    example="sensorer-i-natteplejen",
)
