"""python manage.py diffusion_fit — fit a diffusion model to a series of adoptions in a CSV file.

Example::

    python manage.py diffusion_fit --csv salg.csv --model bass --horizon 5

The file has the header ``period,adoptions`` and one row per period; the periods are consecutive
integers (years, say) and the first row is t = 1, with launch at t = 0. A semicolon may separate
the fields instead of a comma, and then a decimal comma is accepted. The command prints JSON with
the parameters, their standard errors and the fit statistics; ``--model best`` fits all three
models and chooses by AIC. ``docs/diffusion-models.md`` explains the method.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spred.diffusion.analysis.fitting import (
    MODELS,
    FitRefused,
    FitResult,
    ModelName,
    fit,
    fit_best,
    model_label,
)

HEADER = ("period", "adoptions")
# Every model has three parameters; fewer periods than this leave no degrees of freedom.
MINIMUM_PERIODS = 4


def read_series(path: Path) -> tuple[list[int], list[float]]:
    """Periods and adoptions from the file, or a CommandError naming the line at fault."""
    if not path.is_file():
        raise CommandError(_("Filen %(path)s findes ikke.") % {"path": path})
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            _("Filen %(path)s er ikke UTF-8-kodet tekst.") % {"path": path}
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    periods: list[int] = []
    adoptions: list[float] = []
    header_seen = False
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if not header_seen:
            if tuple(cell.lower() for cell in cells) != HEADER:
                raise CommandError(
                    _(
                        "Linje %(line)d: overskriften skal være »period,adoptions«, men er "
                        "»%(found)s«."
                    )
                    % {"line": line, "found": delimiter.join(cells)}
                )
            header_seen = True
            continue
        if len(cells) != len(HEADER):
            raise CommandError(
                _("Linje %(line)d har %(found)d felter; der skal være 2 (period og adoptions).")
                % {"line": line, "found": len(cells)}
            )
        period_text, value_text = cells
        try:
            period = int(period_text)
        except ValueError:
            raise CommandError(
                _("Linje %(line)d: perioden »%(value)s« er ikke et heltal.")
                % {"line": line, "value": period_text}
            ) from None
        if periods and period != periods[-1] + 1:
            raise CommandError(
                _(
                    "Linje %(line)d: perioden %(period)d følger ikke lige efter %(previous)d; "
                    "perioderne skal stige med 1 uden huller."
                )
                % {"line": line, "period": period, "previous": periods[-1]}
            )
        number_text = value_text.replace(",", ".") if delimiter == ";" else value_text
        try:
            value = float(number_text)
        except ValueError:
            raise CommandError(
                _("Linje %(line)d: antallet »%(value)s« er ikke et tal.")
                % {"line": line, "value": value_text}
            ) from None
        if not math.isfinite(value):
            raise CommandError(
                _("Linje %(line)d: antallet »%(value)s« er ikke et endeligt tal.")
                % {"line": line, "value": value_text}
            )
        if value < 0:
            raise CommandError(
                _("Linje %(line)d: antallet af ibrugtagninger er negativt (%(value)s).")
                % {"line": line, "value": value_text}
            )
        periods.append(period)
        adoptions.append(value)
    if not header_seen:
        raise CommandError(
            _("Filen %(path)s er tom; den skal have overskriften »period,adoptions«.")
            % {"path": path}
        )
    if len(adoptions) < MINIMUM_PERIODS:
        raise CommandError(
            _(
                "Filen har %(n)d perioder; der skal mindst %(minimum)d perioder til at tilpasse "
                "en model med tre parametre."
            )
            % {"n": len(adoptions), "minimum": MINIMUM_PERIODS}
        )
    if not any(adoptions):
        raise CommandError(
            _("Alle perioder i filen har 0 ibrugtagninger; der er ingen kurve at tilpasse.")
        )
    return periods, adoptions


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]
        "Tilpas en spredningsmodel (Bass, logistisk eller Gompertz) til en serie af "
        "ibrugtagninger pr. periode i en CSV-fil med kolonnerne period,adoptions, og skriv "
        "parametre, standardfejl og tilpasningsmål som JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--csv", required=True, help=_("CSV-fil med overskriften period,adoptions.")
        )
        parser.add_argument(
            "--model",
            choices=[*MODELS, "best"],
            default="best",
            help=_("Modellen, eller »best« for den med lavest AIC (standard)."),
        )
        parser.add_argument(
            "--horizon",
            type=int,
            help=_("Fremskriv den kumulerede kurve så mange perioder efter de sidste data."),
        )
        parser.add_argument(
            "--level",
            type=float,
            default=0.95,
            help=_("Niveauet for fremskrivningens bånd (standard 0,95)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        horizon: int | None = options["horizon"]
        level: float = options["level"]
        if horizon is not None and horizon < 0:
            raise CommandError(_("--horizon skal være 0 eller mere."))
        if not 0 < level < 1:
            raise CommandError(_("--level skal ligge mellem 0 og 1, fx 0.95."))
        periods, adoptions = read_series(Path(options["csv"]))

        model: str = options["model"]
        chosen: FitResult
        if model == "best":
            selection = fit_best(adoptions)
            if selection.best is None:
                reasons = "; ".join(
                    f"{model_label(name)}: {reason}" for name, reason in selection.refused.items()
                )
                raise CommandError(
                    _("Ingen af modellerne kunne tilpasses serien. %(reasons)s")
                    % {"reasons": reasons}
                )
            chosen = selection.best
            output: dict[str, Any] = {
                "model": "best",
                "chosen": chosen.model,
                "best": self._describe(chosen, periods),
                "fits": [self._describe(result, periods) for result in selection.fits],
                "refused": selection.refused,
            }
        else:
            try:
                chosen = fit(adoptions, self._model_name(model))
            except FitRefused as refusal:
                raise CommandError(
                    _("Modellen kan ikke tilpasses (%(model)s): %(reason)s")
                    % {"model": model_label(model), "reason": refusal.reason}
                ) from None
            output = self._describe(chosen, periods)
        if horizon is not None:
            forecast = chosen.forecast(horizon, level=level).as_dict()
            forecast["period_labels"] = [periods[0] + t - 1 for t in forecast["periods"]]
            output["forecast"] = forecast
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2, allow_nan=False))

    @staticmethod
    def _model_name(model: str) -> ModelName:
        for name in MODELS:
            if name == model:
                return name
        raise CommandError(_("Ukendt model: %(model)s.") % {"model": model})

    @staticmethod
    def _describe(result: FitResult, periods: list[int]) -> dict[str, Any]:
        described = result.as_dict()
        # t counts periods from the first row; the file's own labels (years) help the reader.
        described["period_labels"] = list(periods)
        return described
