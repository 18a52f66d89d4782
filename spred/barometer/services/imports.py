"""Imports into a wave of the Innovation Barometer's workspace: a codebook version, and the
microdata with their strata (or their removal).

Every write is a ``@service``: keyword-only, one transaction, audited as the acting user, and
refused with ``ActionNotAllowed`` for anyone but an analyst. An import with any error stores
nothing and raises ``ImportRejected`` (a ``ValidationError``) carrying the full report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone
from django.utils.translation import gettext as _

from spred.barometer.choices import ImportKind, LonelyStratumPolicy
from spred.barometer.importing.codebook import (
    CodebookSpec,
    check_answers,
    codebook_spec_from_model,
    read_codebook,
)
from spred.barometer.importing.microdata import RespondentSpec, read_microdata
from spred.barometer.importing.strata import StratumSpec
from spred.barometer.models import (
    AnswerOption,
    Codebook,
    DataImport,
    Question,
    Respondent,
    Stratum,
    Wave,
)
from spred.barometer.policies import WorkspacePolicy, workspace_refusal
from spred.core.audit import service
from spred.core.importing.problems import ImportProblem
from spred.core.importing.report import ImportRejected, ImportReport


@dataclass(frozen=True)
class ImportResult:
    report: ImportReport
    dry_run: bool
    codebook: Codebook | None = None
    data_import: DataImport | None = None
    respondents: int = 0
    strata: int = 0
    questions: int = 0


def _refuse_if_published(wave: Wave) -> None:
    if wave.is_published:
        raise ValidationError(
            _(
                "Bølgen er publiceret. Afpublicér den først, så de offentlige tal ikke bygger på "
                "andre data end dem, der ligger her."
            )
        )


def _stored_answers_problems(wave: Wave, spec: CodebookSpec) -> list[ImportProblem]:
    """Microdata already imported must fit a new codebook version too."""
    found = ImportReport()
    label = _("eksisterende mikrodata")
    for external_id, answers in (
        Respondent.objects.filter(wave=wave).values_list("external_id", "answers").iterator()
    ):
        # The respondent's own number names the row — never its answers.
        for problem in check_answers(spec, answers, where={"file": label}):
            found.add(
                _("løbenummer %(id)s: %(reason)s") % {"id": external_id, "reason": problem.reason},
                file=label,
                field=problem.field,
            )
    return found.problems


@service
def codebook_import(
    *,
    acting_user: Any,
    wave: Wave,
    content: bytes,
    filename: str,
    dry_run: bool = False,
) -> ImportResult:
    """Check a codebook file and store it as the wave's next codebook version."""
    WorkspacePolicy.require(acting_user, "import", wave, workspace_refusal())
    # The stored state decides (the caller's copy may be stale), and imports of a wave queue.
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    spec, report = read_codebook(content, filename)
    if spec is not None and spec.wave is not None and spec.wave != wave.edition:
        report.add(
            _("Kodebogen er til bølgen %(file)s, men du importerer til %(wave)s.")
            % {"file": spec.wave, "wave": wave.edition},
            file=filename,
        )
    if spec is not None and report.ok:
        report.extend(_stored_answers_problems(wave, spec))
    if not report.ok:
        raise ImportRejected(report)
    assert spec is not None
    if dry_run:
        return ImportResult(report=report, dry_run=True, questions=len(spec.questions))
    _refuse_if_published(wave)
    codebook = _store_codebook(wave, spec, filename=filename, acting_user=acting_user)
    data_import = DataImport.objects.create(
        wave=wave,
        kind=ImportKind.CODEBOOK,
        source_name=filename[:255],
        codebook=codebook,
        rows=len(spec.questions),
        imported_by=acting_user,
    )
    return ImportResult(
        report=report,
        dry_run=False,
        codebook=codebook,
        data_import=data_import,
        questions=len(spec.questions),
    )


def _store_codebook(wave: Wave, spec: CodebookSpec, *, filename: str, acting_user: Any) -> Codebook:
    """The wave's next codebook version, with its questions and their options."""
    last = Codebook.objects.filter(wave=wave).order_by("-version").first()
    codebook = Codebook.objects.create(
        wave=wave,
        version=(last.version + 1) if last else 1,
        source_name=filename[:255],
        imported_by=acting_user,
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                codebook=codebook,
                code=q.code,
                position=position,
                text_da=q.text_da,
                text_en=q.text_en,
                type=q.type,
                asked_if=q.asked_if_json(),
                dont_know_codes=list(q.dont_know),
                exclude_dont_know=q.exclude_dont_know,
            )
            for position, q in enumerate(spec.questions, start=1)
        ]
    )
    by_code = {q.code: q for q in questions}
    if not all(q.pk for q in questions):  # pragma: no cover - databases without RETURNING
        by_code = {q.code: q for q in Question.objects.filter(codebook=codebook)}
    AnswerOption.objects.bulk_create(
        [
            AnswerOption(
                question=by_code[q.code],
                code=o.code,
                label_da=o.label_da,
                label_en=o.label_en,
                position=position,
            )
            for q in spec.questions
            for position, o in enumerate(q.options, start=1)
        ]
    )
    return codebook


@service
def microdata_import(
    *,
    acting_user: Any,
    wave: Wave,
    content: bytes,
    filename: str,
    strata_content: bytes,
    strata_filename: str,
    lonely_policy: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Check microdata and strata against the wave's newest codebook and store them — all or
    nothing. A wave that has microdata is only replaced when ``replace`` says so. Choosing a
    lonely-stratum policy here also sets it on the wave (it is how the data are estimated)."""
    WorkspacePolicy.require(acting_user, "import", wave, workspace_refusal())
    if lonely_policy is not None and lonely_policy not in LonelyStratumPolicy.values:
        raise ValidationError({"lonely_policy": _("Vælg en af de mulige politikker.")})
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    policy = lonely_policy or wave.lonely_policy
    codebook = wave.codebooks.order_by("-version").first()
    if codebook is None:
        raise ValidationError(_("Importér kodebogen for bølgen først; mikrodata tjekkes mod den."))
    spec = codebook_spec_from_model(codebook)
    data, report = read_microdata(
        content, filename, strata_content, strata_filename, spec, lonely_policy=policy
    )
    if data is None:
        raise ImportRejected(report)
    has_data = Respondent.objects.filter(wave=wave).exists()
    result = ImportResult(
        report=report,
        dry_run=dry_run,
        codebook=codebook,
        respondents=len(data.respondents),
        strata=len(data.strata),
    )
    if dry_run:
        return result
    _refuse_if_published(wave)
    if has_data and not replace:
        raise ValidationError(
            _(
                "Bølgen har allerede mikrodata. Bekræft, at de skal erstattes, for at importere "
                "de nye."
            )
        )
    _insert_respondents(wave, _replace_strata(wave, data.strata), data.respondents)
    if lonely_policy is not None and lonely_policy != wave.lonely_policy:
        wave.lonely_policy = lonely_policy
        wave.save(update_fields=["lonely_policy", "updated_at"])
    data_import = DataImport.objects.create(
        wave=wave,
        kind=ImportKind.MICRODATA,
        source_name=filename[:255],
        strata_source_name=strata_filename[:255],
        codebook=codebook,
        rows=len(data.respondents),
        strata=len(data.strata),
        replaced=has_data,
        warnings=[str(p) for p in report.warnings],
        imported_by=acting_user,
    )
    return ImportResult(
        report=report,
        dry_run=False,
        codebook=codebook,
        data_import=data_import,
        respondents=len(data.respondents),
        strata=len(data.strata),
    )


def _replace_strata(wave: Wave, strata: Mapping[str, StratumSpec]) -> dict[str, Stratum]:
    """The wave's strata, stored in place of its microdata and strata so far; by code."""
    Respondent.objects.filter(wave=wave).delete()
    Stratum.objects.filter(wave=wave).delete()
    stored = Stratum.objects.bulk_create(
        [
            Stratum(
                wave=wave,
                code=s.code,
                government_level=s.government_level,
                area=s.area,
                size_band=s.size_band,
                population=s.population,
            )
            for s in strata.values()
        ]
    )
    by_code = {s.code: s for s in stored}
    if not all(s.pk for s in stored):  # pragma: no cover - databases without RETURNING
        by_code = {s.code: s for s in Stratum.objects.filter(wave=wave)}
    return by_code


_RESPONDENT_COLUMNS = (
    "wave",
    "stratum",
    "external_id",
    "weight",
    "government_level",
    "area",
    "size_band",
    "answers",
    "created_at",
    "updated_at",
)


def _insert_respondents(
    wave: Wave, strata: dict[str, Stratum], respondents: Sequence[RespondentSpec]
) -> None:
    """Store checked respondents with one parameterised statement.

    ``bulk_create`` spends most of a large import compiling the SQL value by value; these rows
    are already validated by ``read_microdata`` and need no per-object work (no signals, no
    defaults to compute), so they go in as plain parameters. Each value is prepared for the
    database by its own model field, as the ORM would.
    """
    connection = connections[router.db_for_write(Respondent)]
    fields = [
        cast("models.Field[Any, Any]", Respondent._meta.get_field(name))
        for name in _RESPONDENT_COLUMNS
    ]
    stamp = fields[-1].get_db_prep_save(timezone.now(), connection)
    answers = fields[_RESPONDENT_COLUMNS.index("answers")]
    rows = [
        (
            wave.pk,
            strata[r.stratum].pk,
            r.external_id,
            float(r.weight),
            r.government_level,
            r.area,
            r.size_band,
            answers.get_db_prep_save(r.answers, connection),
            stamp,
            stamp,
        )
        for r in respondents
    ]
    quote = connection.ops.quote_name
    table = quote(Respondent._meta.db_table)
    columns = ", ".join(quote(str(field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, quoted; every value is a parameter.
    statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)


@service
def microdata_delete(*, acting_user: Any, wave: Wave) -> int:
    """Remove a draft wave's microdata and strata (e.g. after importing the wrong file)."""
    WorkspacePolicy.require(acting_user, "import", wave, workspace_refusal())
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    _refuse_if_published(wave)
    deleted, _details = Respondent.objects.filter(wave=wave).delete()
    Stratum.objects.filter(wave=wave).delete()
    return deleted
