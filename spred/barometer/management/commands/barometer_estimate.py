"""python manage.py barometer_estimate — design-based estimates from a microdata CSV file.

Example::

    python manage.py barometer_estimate --microdata svar.csv --strata stratum --weights vaegt \\
        --fpc N_h --vars innov,samarbejde --by sektor --format csv

Prints, per variable and domain (first the whole sample, with an empty domain): variable, kind,
domain, estimate, se, ci_low, ci_high, df, n. The file may use comma, semicolon or tab as
separator; with semicolon or tab a decimal comma is accepted. An empty cell is a missing value.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spred.barometer.analysis.estimation import (
    CI_METHODS,
    KINDS,
    LONELY_POLICIES,
    EstimateTable,
    EstimationError,
    Kind,
    StratifiedDesign,
    estimate_matrix,
)

FIELDS = ("variable", "kind", "domain", "estimate", "se", "ci_low", "ci_high", "df", "n")


def _read(path: Path) -> tuple[list[str], list[list[str]], str]:
    if not path.is_file():
        raise CommandError(_("Filen %(path)s findes ikke.") % {"path": path})
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            _("Filen %(path)s er ikke UTF-8-kodet tekst.") % {"path": path}
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    if len(rows) < 2:
        raise CommandError(
            _("Filen %(path)s skal have en overskriftslinje og mindst én besvarelse.")
            % {"path": path}
        )
    header = [name.strip() for name in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise CommandError(
                _("Linje %(line)d har %(found)d felter, men overskriften har %(expected)d.")
                % {"line": number, "found": len(row), "expected": len(header)}
            )
    return header, rows[1:], delimiter


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]
        "Beregn vægtede estimater med standardfejl og konfidensintervaller fra en CSV-fil med "
        "mikrodata fra en stratificeret stikprøve."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--microdata", required=True, help=_("CSV-fil med én række pr. svar."))
        parser.add_argument("--strata", required=True, help=_("Kolonnen med stratum."))
        parser.add_argument("--weights", required=True, help=_("Kolonnen med designvægten."))
        parser.add_argument(
            "--fpc", help=_("Kolonnen med populationsstørrelsen N_h (udelades: ingen korrektion).")
        )
        parser.add_argument(
            "--vars", required=True, help=_("Variablerne, adskilt af komma (fx innov,samarb).")
        )
        parser.add_argument("--by", help=_("Kolonnen med domænet (fx sektor)."))
        parser.add_argument(
            "--kind", choices=KINDS, help=_("Standard: andel for 0/1, ellers gennemsnit.")
        )
        parser.add_argument(
            "--ci", choices=CI_METHODS, help=_("Standard: logit for andele, ellers wald.")
        )
        parser.add_argument("--level", type=float, default=0.95, help=_("Konfidensniveau (0.95)."))
        parser.add_argument(
            "--lonely",
            choices=LONELY_POLICIES,
            default="fail",
            help=_("Politik for strata med én besvarelse."),
        )
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        header, rows, delimiter = _read(Path(options["microdata"]))
        names = [name.strip() for name in options["vars"].split(",") if name.strip()]
        if not names:
            raise CommandError(_("Angiv mindst én variabel med --vars."))
        wanted = [options["strata"], options["weights"], *names]
        wanted += [options[o] for o in ("fpc", "by") if options[o]]
        for name in wanted:
            if name not in header:
                raise CommandError(
                    _("Kolonnen %(column)s findes ikke i filen. Kolonnerne er: %(columns)s.")
                    % {"column": name, "columns": ", ".join(header)}
                )
        column = {name: [row[header.index(name)].strip() for row in rows] for name in wanted}
        decimal_comma = delimiter != ","

        strata = np.asarray(column[options["strata"]], dtype=object)

        def numbers(name: str, *, allow_missing: bool) -> np.ndarray:
            return _numbers(
                column[name], name, allow_missing=allow_missing, decimal_comma=decimal_comma
            )

        weights = numbers(options["weights"], allow_missing=False)
        fpc = numbers(options["fpc"], allow_missing=False) if options["fpc"] else None
        values = np.column_stack([numbers(name, allow_missing=True) for name in names])
        domains = np.asarray(column[options["by"]], dtype=object) if options["by"] else None
        try:
            design = StratifiedDesign.build(strata, weights, fpc, lonely=options["lonely"])
            results = []
            for j, name in enumerate(names):
                kind: Kind = options["kind"] or _default_kind(values[:, j])
                tables = [
                    estimate_matrix(
                        design, values[:, j], kind=kind, ci=options["ci"], level=options["level"]
                    )
                ]
                if domains is not None:
                    tables.append(
                        estimate_matrix(
                            design,
                            values[:, j],
                            domains=domains,
                            kind=kind,
                            ci=options["ci"],
                            level=options["level"],
                        )
                    )
                results += [row for table in tables for row in _rows(name, table)]
        except EstimationError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in results:
            writer.writerow(
                {
                    k: "" if v is None else (repr(v) if isinstance(v, float) else v)
                    for k, v in row.items()
                }
            )
        self.stdout.write(buffer.getvalue(), ending="")


def _numbers(
    texts: list[str], name: str, *, allow_missing: bool, decimal_comma: bool
) -> np.ndarray:
    """A column's cells as numbers (NaN for an empty cell, where that is allowed)."""
    values = np.empty(len(texts))
    for line, text in enumerate(texts, start=2):
        if text == "":
            if not allow_missing:
                raise CommandError(
                    _("Kolonnen %(column)s mangler en værdi på linje %(line)d.")
                    % {"column": name, "line": line}
                )
            values[line - 2] = np.nan
            continue
        try:
            value = float(text.replace(",", ".") if decimal_comma else text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise CommandError(
                _("Værdien %(value)s i kolonnen %(column)s (linje %(line)d) er ikke et tal.")
                % {"value": repr(text), "column": name, "line": line}
            )
        values[line - 2] = value
    return values


def _default_kind(values: np.ndarray) -> Kind:
    present = values[~np.isnan(values)]
    return "proportion" if np.all((present == 0) | (present == 1)) else "mean"


def _rows(name: str, table: EstimateTable) -> list[dict[str, Any]]:
    rows = []
    for j, label in enumerate(table.domains):
        cell = table.cell(0, j).as_dict()
        rows.append({"variable": name, "kind": table.kind, "domain": label, **cell})
    return rows
