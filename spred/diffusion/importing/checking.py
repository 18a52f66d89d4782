"""Checking adoption import rows (docs/adoption-format.md): ``AdoptionChecker`` checks every
row and every adoption's history against the format, the catalogue and the ledger, and groups
them into ``PlannedAdoption``s for ``services.imports.adoptions_import`` to write. Every problem
is tied to a row and a column, so the person importing gets the whole list at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.catalogue.choices import PUBLIC_STATUSES
from spred.catalogue.models import Case, Solution
from spred.catalogue.policies import CasePolicy, SolutionPolicy
from spred.core.importing.problems import ImportProblem
from spred.core.importing.report import Progress
from spred.diffusion.choices import AdoptionStatus, ScopeUnit, Verification
from spred.diffusion.importing.format import (
    ADOPTION_COLUMNS,
    COLUMNS,
    DEMO_COLUMNS,
    REQUIRED_COLUMNS,
)
from spred.diffusion.importing.reading import RawRow
from spred.diffusion.importing.results import PlannedAdoption, PlannedEvent
from spred.diffusion.models import NOTE_MAX, Adoption
from spred.diffusion.policies import AdoptionPolicy
from spred.organisations.lookup import OrganisationResolver
from spred.organisations.models import Organisation

_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")

YES = frozenset({"ja", "j", "yes", "true", "1", "sand"})
NO = frozenset({"nej", "n", "no", "false", "0", "falsk"})


def allowed_statuses() -> str:
    return ", ".join(AdoptionStatus.values)


def allowed_units() -> str:
    return ", ".join(ScopeUnit.values)


def _status_names() -> dict[str, str]:
    """The values, and the Danish labels as people write them ("I drift", "afprøver")."""
    names: dict[str, str] = {}
    for value, label in AdoptionStatus.choices:
        names[value] = value
        names[str(label).lower()] = value
    names["afprøver"] = AdoptionStatus.PILOT
    names["i drift"] = AdoptionStatus.OPERATING
    names["udbredt"] = AdoptionStatus.WIDESPREAD
    return names


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def split_refs(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


#: How a step of the row check reports a refused cell: ``add(column, reason)``.
_Add = Callable[[str, str], None]


@dataclass
class _Row:
    """A row whose cells passed the row's own checks, with its values as objects."""

    raw: RawRow
    organisation: Organisation
    solution: Solution
    event: PlannedEvent
    scope_value: int | None
    scope_unit: str
    source_case: Case | None
    note: str
    learned_from: list[Organisation]
    adapted: str
    verified: bool | None
    confirmed_on: date | None


class AdoptionChecker:
    """Checks rows against the format, the catalogue and the ledger, as ``acting_user`` sees
    them: a solution the importer cannot see is unknown, exactly as if it did not exist."""

    def __init__(self, *, acting_user: Any, demo: bool = False) -> None:
        self.acting_user = acting_user
        self.demo = demo
        self.resolver = OrganisationResolver()
        self.today = timezone.localdate()
        self._names: dict[str, list[Organisation]] = {}
        self._solutions: dict[str, Solution | None] = {}
        self._cases: dict[str, Case | None] = {}
        self._statuses = _status_names()

    # -- lookups (each reference once per run)

    def organisation(self, ref: str) -> tuple[Organisation | None, str]:
        """The organisation a reference names, or the reason it names none."""
        found = self.resolver.resolve(ref)
        if found is not None:
            return found, ""
        if ref not in self._names:
            self._names[ref] = list(Organisation.objects.filter(name=ref)[:2])
        matches = self._names[ref]
        if len(matches) == 1:
            return matches[0], ""
        if matches:
            return None, _(
                'Flere organisationer hedder "%(ref)s". Brug kortnavn, CVR-nummer eller '
                "kommunekode i stedet."
            ) % {"ref": ref[:80]}
        return None, _(
            'Ukendt organisation "%(ref)s". Brug organisationens kortnavn fra Spred, et '
            "CVR-nummer, en kommunekode (fx 751), en regionskode (1081–1085) eller det "
            "præcise navn."
        ) % {"ref": ref[:80]}

    def solution(self, slug: str) -> Solution | None:
        if slug not in self._solutions:
            self._solutions[slug] = (
                SolutionPolicy.visible_to(self.acting_user).filter(slug=slug).first()
            )
        return self._solutions[slug]

    def case(self, slug: str) -> Case | None:
        if slug not in self._cases:
            self._cases[slug] = CasePolicy.visible_to(self.acting_user).filter(slug=slug).first()
        return self._cases[slug]

    # -- one row

    def _row(self, raw: RawRow, problems: list[ImportProblem]) -> _Row | None:
        """The row's values as objects, or None when any cell is refused (each refusal is added
        to ``problems``, in the order of the steps below)."""
        found: list[ImportProblem] = []

        def add(column: str, reason: str) -> None:
            found.append(ImportProblem(raw.row, column, reason))

        data = raw.data
        self._check_columns(data, add)
        organisation = self._row_organisation(data, add)
        solution = self._row_solution(data, add)
        status = self._row_status(data, add)
        when = self._row_date(data, add)
        self._check_texts(data, status, add)
        scope_value, scope_unit = self._row_scope(data, add)
        source_case = self._row_source_case(data, add)
        learned = self._row_learned_from(data, organisation, add)
        verified, confirmed_on = self._row_demo_columns(data, add)

        problems.extend(found)
        if found or organisation is None or solution is None or when is None or not status:
            return None
        return _Row(
            raw=raw,
            organisation=organisation,
            solution=solution,
            event=PlannedEvent(raw.row, status, when, data.get("reason", "")),
            scope_value=scope_value,
            scope_unit=scope_unit,
            source_case=source_case,
            note=data.get("note", ""),
            learned_from=learned,
            adapted=data.get("adapted", ""),
            verified=verified,
            confirmed_on=confirmed_on,
        )

    # The steps of one row. Each reads its cells from ``data`` and reports what it refuses
    # through ``add(column, reason)``.

    def _check_columns(self, data: Mapping[str, str], add: _Add) -> None:
        known = set(COLUMNS) | set(DEMO_COLUMNS)
        for name in data:
            if name not in known:
                add(
                    name,
                    _("Ukendt kolonne. Tilladte kolonner: %(allowed)s.")
                    % {"allowed": ", ".join(COLUMNS)},
                )
        for name in REQUIRED_COLUMNS:
            if not data.get(name):
                add(name, _("Skal udfyldes."))

    def _row_organisation(self, data: Mapping[str, str], add: _Add) -> Organisation | None:
        if not data.get("organisation"):
            return None
        organisation, reason = self.organisation(data["organisation"])
        if organisation is None:
            add("organisation", reason)
        elif not organisation.is_public:
            add(
                "organisation",
                _(
                    "%(name)s er ikke en offentlig organisation. Kun stat, regioner og "
                    "kommuner kan tage løsninger i brug."
                )
                % {"name": organisation.name},
            )
        return organisation

    def _row_solution(self, data: Mapping[str, str], add: _Add) -> Solution | None:
        if not data.get("solution"):
            return None
        solution = self.solution(data["solution"])
        if solution is None:
            add(
                "solution",
                _('Ukendt løsning "%(slug)s". Angiv kortnavnet på en løsning i kataloget.')
                % {"slug": data["solution"][:80]},
            )
        elif solution.status not in PUBLIC_STATUSES:
            add(
                "solution",
                _(
                    "Løsningen %(name)s er ikke offentliggjort i kataloget. Ibrugtagninger "
                    "kan kun registreres for offentliggjorte løsninger."
                )
                % {"name": solution.name},
            )
        return solution

    def _row_status(self, data: Mapping[str, str], add: _Add) -> str:
        if not data.get("status"):
            return ""
        status = self._statuses.get(data["status"].strip().lower(), "")
        if not status:
            add(
                "status",
                _('Ukendt status "%(value)s". Tilladte værdier: %(allowed)s.')
                % {"value": data["status"][:40], "allowed": allowed_statuses()},
            )
        return status

    def _row_date(self, data: Mapping[str, str], add: _Add) -> date | None:
        if not data.get("date"):
            return None
        when = _parse_date(data["date"])
        if when is None:
            add(
                "date",
                _('Ugyldig dato "%(value)s". Skriv datoen som ÅÅÅÅ-MM-DD, fx 2023-09-01.')
                % {"value": data["date"][:40]},
            )
        elif when > self.today:
            add("date", _("Datoen ligger i fremtiden. Angiv en dato til og med i dag."))
        return when

    def _check_texts(self, data: Mapping[str, str], status: str, add: _Add) -> None:
        if status == AdoptionStatus.STOPPED and not data.get("reason", ""):
            add(
                "reason",
                _(
                    "Skriv, hvorfor løsningen blev stoppet. At stoppe er også læring: "
                    "begrundelsen hjælper andre."
                ),
            )
        for name in ("reason", "note", "adapted"):
            if len(data.get(name, "")) > NOTE_MAX:
                add(name, _("Højst %(max)s tegn.") % {"max": NOTE_MAX})

    def _row_scope(self, data: Mapping[str, str], add: _Add) -> tuple[int | None, str]:
        scope_value: int | None = None
        if data.get("scope_value"):
            text = data["scope_value"].replace(" ", "")
            if _THOUSANDS.fullmatch(text):
                # "1.200" is how a Danish spreadsheet writes twelve hundred.
                text = text.replace(".", "")
            if not text.isdigit():
                add(
                    "scope_value",
                    _("Omfanget skal være et helt tal større end eller lig med 0, fx 1200."),
                )
            else:
                scope_value = int(text)
        scope_unit = data.get("scope_unit", "").strip().lower()
        if scope_unit and scope_unit not in ScopeUnit.values:
            add(
                "scope_unit",
                _('Ukendt enhed "%(value)s". Tilladte værdier: %(allowed)s.')
                % {"value": data["scope_unit"][:40], "allowed": allowed_units()},
            )
        if data.get("scope_value") and not scope_unit:
            add(
                "scope_unit",
                _("Angiv, hvad omfanget tæller: %(allowed)s.") % {"allowed": allowed_units()},
            )
        if scope_unit and not data.get("scope_value"):
            add("scope_value", _("Angiv omfanget som et tal, når der er angivet en enhed."))
        return scope_value, scope_unit

    def _row_source_case(self, data: Mapping[str, str], add: _Add) -> Case | None:
        if not data.get("source_case"):
            return None
        source_case = self.case(data["source_case"])
        if source_case is None or source_case.status not in PUBLIC_STATUSES:
            add(
                "source_case",
                _('Ukendt case "%(slug)s". Angiv kortnavnet på en offentliggjort case.')
                % {"slug": data["source_case"][:80]},
            )
            return None
        return source_case

    def _row_learned_from(
        self, data: Mapping[str, str], organisation: Organisation | None, add: _Add
    ) -> list[Organisation]:
        learned: list[Organisation] = []
        for ref in split_refs(data.get("learned_from", "")):
            source, why = self.organisation(ref)
            if source is None:
                add("learned_from", why)
            elif organisation is not None and source.pk == organisation.pk:
                add(
                    "learned_from",
                    _("En organisation kan ikke have lært af sig selv (%(name)s).")
                    % {"name": source.name},
                )
            elif source not in learned:
                learned.append(source)
        if data.get("adapted") and not data.get("learned_from"):
            add("adapted", _("Angiv i learned_from, hvem I lærte af, når adapted er udfyldt."))
        return learned

    def _row_demo_columns(
        self, data: Mapping[str, str], add: _Add
    ) -> tuple[bool | None, date | None]:
        """``verified`` and ``confirmed_on``: read for demo content, refused in any other
        import."""
        verified: bool | None = None
        confirmed_on: date | None = None
        for name in DEMO_COLUMNS:
            if data.get(name) and not self.demo:
                add(name, _("Kolonnen bruges kun til demo-indhold og kan ikke importeres her."))
        if self.demo and data.get("verified"):
            answer = data["verified"].strip().lower()
            if answer in YES:
                verified = True
            elif answer in NO:
                verified = False
            else:
                add("verified", _("Skriv ja eller nej."))
        if self.demo and data.get("confirmed_on"):
            confirmed_on = _parse_date(data["confirmed_on"])
            if confirmed_on is None:
                add("confirmed_on", _("Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-03-01."))
            elif confirmed_on > self.today:
                add("confirmed_on", _("Datoen ligger i fremtiden."))
        return verified, confirmed_on

    # -- one adoption's rows together

    def _plan(self, rows: list[_Row], problems: list[ImportProblem]) -> PlannedAdoption | None:
        found: list[ImportProblem] = []
        first = rows[0]
        plan = PlannedAdoption(organisation=first.organisation, solution=first.solution)

        # Details of the adoption as a whole: one value per adoption, from whichever row has it.
        given: dict[str, tuple[Any, str]] = {}
        for row in rows:
            values = {
                "scope_value": row.scope_value,
                "scope_unit": row.scope_unit,
                "source_case": row.source_case,
                "note": row.note,
                "verified": row.verified,
                "confirmed_on": row.confirmed_on,
            }
            for name, value in values.items():
                if value in (None, ""):
                    continue
                if name in given and given[name][0] != value:
                    found.append(
                        ImportProblem(
                            row.raw.row,
                            name,
                            _(
                                "Værdien er en anden end i række %(row)s for samme "
                                "organisation og løsning. En ibrugtagning har kun én."
                            )
                            % {"row": given[name][1]},
                        )
                    )
                else:
                    given.setdefault(name, (value, row.raw.row))
            for source in row.learned_from:
                if all(source.pk != s.pk for s, _a, _r in plan.learned_from):
                    plan.learned_from.append((source, row.adapted, row.raw.row))

        plan.scope_value = given.get("scope_value", (None, ""))[0]
        plan.scope_unit = given.get("scope_unit", ("", ""))[0]
        plan.source_case = given.get("source_case", (None, ""))[0]
        plan.note = given.get("note", ("", ""))[0]
        plan.verified = given.get("verified", (None, ""))[0]
        plan.confirmed_on = given.get("confirmed_on", (None, ""))[0]
        if plan.confirmed_on is not None and plan.verified is not True:
            found.append(
                ImportProblem(
                    given["confirmed_on"][1],
                    "confirmed_on",
                    _("Kun en verificeret ibrugtagning kan være bekræftet (verified = ja)."),
                )
            )

        # The history: date order; same-day steps are ambiguous, repeated ones are duplicates.
        ordered = sorted(rows, key=lambda r: (r.event.date, r.raw.index))
        previous: _Row | None = None
        for row in ordered:
            if previous is not None and row.event.date == previous.event.date:
                if row.event.status == previous.event.status:
                    found.append(
                        ImportProblem(
                            row.raw.row,
                            "",
                            _(
                                "Rækken gentager række %(row)s (samme organisation, løsning, "
                                "status og dato)."
                            )
                            % {"row": previous.raw.row},
                        )
                    )
                else:
                    found.append(
                        ImportProblem(
                            row.raw.row,
                            "date",
                            _(
                                "Række %(row)s har en anden status for samme organisation og "
                                "løsning på samme dato. Hvilken kom først? Angiv forskellige "
                                "datoer."
                            )
                            % {"row": previous.raw.row},
                        )
                    )
                continue
            if previous is not None and row.event.status == previous.event.status:
                found.append(
                    ImportProblem(
                        row.raw.row,
                        "status",
                        _(
                            "Status er den samme som i række %(row)s, den forrige i historikken. "
                            "En række er et skift af status; udelad rækken."
                        )
                        % {"row": previous.raw.row},
                    )
                )
            plan.events.append(row.event)
            previous = row

        if not found:
            self._against_ledger(plan, found)
        problems.extend(found)
        return None if found else plan

    def _against_ledger(self, plan: PlannedAdoption, found: list[ImportProblem]) -> None:
        """An adoption already in the ledger: later history may be added to it by someone who
        may change its status; anything else is refused."""
        existing = (
            Adoption.objects.filter(organisation=plan.organisation, solution=plan.solution)
            .select_related("organisation", "solution")
            .first()
        )
        if existing is None:
            return
        plan.existing = existing
        if self.demo:
            return  # the demo loader skips adoptions it has loaded before
        row = plan.first_row
        names = {"organisation": existing.organisation.name, "solution": existing.solution.name}
        if existing.verification != Verification.VERIFIED:
            found.append(
                ImportProblem(
                    row,
                    "solution",
                    _(
                        "%(organisation)s er allerede registreret for %(solution)s, og "
                        "registreringen er ikke verificeret. Den kan ikke udbygges ved import; "
                        "organisationen skal først bekræfte den."
                    )
                    % names,
                )
            )
            return
        if not AdoptionPolicy.can(self.acting_user, "change_status", existing):
            found.append(
                ImportProblem(
                    row,
                    "organisation",
                    _(
                        "%(organisation)s er allerede registreret for %(solution)s. Kun "
                        "organisationens egne medlemmer kan tilføje statusændringer."
                    )
                    % names,
                )
            )
            return
        latest = existing.events.order_by("-date", "-id").first()
        latest_date = latest.date if latest is not None else existing.status_since
        latest_status = latest.status if latest is not None else existing.status
        first = plan.events[0]
        if first.date <= latest_date:
            found.append(
                ImportProblem(
                    first.row,
                    "date",
                    _(
                        "%(organisation)s er allerede registreret for %(solution)s med seneste "
                        "status %(date)s. En import kan kun tilføje senere statusændringer: "
                        "datoen skal ligge efter %(date)s."
                    )
                    % {**names, "date": latest_date.isoformat()},
                )
            )
        elif first.status == latest_status:
            found.append(
                ImportProblem(
                    first.row,
                    "status",
                    _(
                        "Ibrugtagningen har allerede status »%(status)s«. En række er et skift "
                        "af status."
                    )
                    % {"status": AdoptionStatus(latest_status).label},
                )
            )
        for name in ADOPTION_COLUMNS:
            value = getattr(plan, name)
            if value not in (None, "") and value != getattr(existing, name):
                found.append(
                    ImportProblem(
                        first.row,
                        name,
                        _(
                            "Ibrugtagningen findes allerede; ret omfang, kilde-case og "
                            "bemærkning på dens side, ikke ved import."
                        ),
                    )
                )
                break

    # -- the whole file

    def check(
        self, rows: Sequence[RawRow], progress: Progress | None = None
    ) -> tuple[list[PlannedAdoption], list[ImportProblem]]:
        problems: list[ImportProblem] = []
        groups: dict[tuple[int, int], list[_Row]] = {}
        for n, raw in enumerate(rows, start=1):
            checked = self._row(raw, problems)
            if checked is not None:
                key = (checked.organisation.pk, checked.solution.pk)
                groups.setdefault(key, []).append(checked)
            if progress:
                progress("check", n, len(rows))
        plans = []
        for group in groups.values():
            plan = self._plan(group, problems)
            if plan is not None:
                plans.append(plan)
        order = {r.row: r.index for r in rows}
        unique = list(dict.fromkeys(problems))
        unique.sort(key=lambda p: order.get(p.row, -1))
        return plans, unique


def service_problems(rows: Sequence[str], exc: ValidationError) -> list[ImportProblem]:
    """A ledger service's refusal as problems on the row it concerns."""
    row = rows[0] if rows else ""
    if hasattr(exc, "error_dict"):
        return [
            ImportProblem(row, name if name != "__all__" else "", message)
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    return [ImportProblem(row, "", message) for message in exc.messages]
