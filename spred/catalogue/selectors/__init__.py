"""Reads of the catalogue. Every read starts from a policy's visible_to(user), or from
``public_cases()`` / ``public_solutions()``: what anyone may find, the same for everyone.

By area: ``entries`` (cases and solutions, one or a list, and what their pages and forms
show), ``workflow`` (the user's own entries and the editors' queue), ``discovery`` (the
search engine's answers checked against what is published, facet labels, export records).
Other apps import from here.
"""

from __future__ import annotations

from spred.catalogue.selectors.entries import public_cases, public_solutions

__all__ = ["public_cases", "public_solutions"]
