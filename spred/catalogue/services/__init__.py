"""Writes to the catalogue: keyword-only, atomic, policy-checked, validated and audited.

Bad input raises ``ValidationError`` keyed by the field of ``CaseInput`` / ``SolutionInput`` it
concerns (``{"policy_areas": "Ukendt fagområde: xyz"}``), so forms, the importer and the API can
each put the message where it belongs. A refusal raises ``ActionNotAllowed``.

Every change of content or status refreshes the entry in the search index after the commit (the
index itself decides whether the entry is published and so belongs there).

By area: ``entries`` (creating cases and solutions and changing their content), ``workflow``
(submit, review, archive, delete), ``contact`` (the contact person's consent), ``attachments``;
``revisions`` and ``shared`` hold what those share. Other apps import from here.
"""

from __future__ import annotations

from spred.catalogue.services.workflow import solution_archive

__all__ = ["solution_archive"]
