"""``manage.py barometer_estimate``: the golden data set end to end, and clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

GOLDEN = """id,stratum,N_h,w,innov,sektor
1,A,100,20,1,kommune
2,A,100,20,1,stat
3,A,100,20,0,kommune
4,A,100,20,1,stat
5,A,100,20,1,kommune
6,B,200,33.3333333333333,0,stat
7,B,200,33.3333333333333,1,kommune
8,B,200,33.3333333333333,0,stat
9,B,200,33.3333333333333,1,kommune
10,B,200,33.3333333333333,0,
11,B,200,33.3333333333333,1,stat
12,C,50,12.5,1,kommune
13,C,50,12.5,1,stat
14,C,50,12.5,1,kommune
15,C,50,12.5,0,stat
"""


def close(value: float, expected: float, tolerance: float = 1e-9) -> bool:
    return abs(value - expected) <= tolerance * max(1.0, abs(expected))


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command(
        "barometer_estimate",
        f"--microdata={path}",
        "--strata=stratum",
        "--weights=w",
        *args,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    path = tmp_path / "golden.csv"
    path.write_text(GOLDEN, encoding="utf-8")
    return path


def test_golden_as_json(golden: Path) -> None:
    rows = json.loads(run(golden, "--fpc=N_h", "--vars=innov"))
    assert len(rows) == 1
    row = rows[0]
    assert row["variable"] == "innov"
    assert row["kind"] == "proportion"
    assert row["domain"] is None
    assert close(row["estimate"], 0.6214285714)
    assert close(row["se"], 0.1418176466)
    assert close(row["ci_low"], 0.3062252189)
    assert close(row["ci_high"], 0.8592481019)
    assert (row["df"], row["n"]) == (12, 15)


def test_golden_wald_by_stratum_as_csv(golden: Path) -> None:
    output = run(golden, "--fpc=N_h", "--vars=innov", "--by=stratum", "--ci=wald", "--format=csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert list(rows[0]) == [
        "variable", "kind", "domain", "estimate", "se", "ci_low", "ci_high", "df", "n",
    ]  # fmt: skip
    assert [r["domain"] for r in rows] == ["", "A", "B", "C"]
    assert close(float(rows[0]["ci_low"]), 0.3124344635)
    assert close(float(rows[0]["ci_high"]), 0.9304226794)
    assert close(float(rows[1]["se"]), 0.19494, 1e-4)
    assert close(float(rows[3]["estimate"]), 0.75)


def test_kind_defaults_to_mean_for_other_values(golden: Path) -> None:
    rows = json.loads(run(golden, "--vars=innov,id", "--by=sektor"))
    kinds = {(r["variable"], r["domain"]): r["kind"] for r in rows}
    assert kinds[("innov", None)] == "proportion"
    assert kinds[("id", "stat")] == "mean"
    # the respondent without a sector is in no domain, but in the whole-sample row
    by_domain = {(r["variable"], r["domain"]): r["n"] for r in rows}
    assert by_domain[("innov", None)] == 15
    assert by_domain[("innov", "kommune")] + by_domain[("innov", "stat")] == 14


def test_total_and_missing_values(tmp_path: Path) -> None:
    path = tmp_path / "svar.csv"
    path.write_text(GOLDEN.replace("1,A,100,20,1,", "1,A,100,20,,"), encoding="utf-8")
    rows = json.loads(run(path, "--vars=innov", "--kind=total"))
    assert rows[0]["kind"] == "total"
    assert rows[0]["n"] == 14


def test_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "svar.csv"
    path.write_text(GOLDEN.replace(",", ";").replace("33.3333333333333", "33,3333333333333"))
    rows = json.loads(run(path, "--fpc=N_h", "--vars=innov"))
    assert close(rows[0]["se"], 0.1418176466)


def test_lonely_stratum_policy(tmp_path: Path) -> None:
    path = tmp_path / "svar.csv"
    path.write_text(GOLDEN + "16,D,30,30,1,stat\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Stratum D har kun én besvarelse"):
        run(path, "--vars=innov")
    rows = json.loads(run(path, "--vars=innov", "--lonely=certainty"))
    assert rows[0]["n"] == 16


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--vars=innov"], "findes ikke"),
        (GOLDEN, ["--vars=innov,nej"], "Kolonnen nej findes ikke i filen"),
        (GOLDEN.replace("1,A,100,20,1,", "1,A,100,20,ja,"), ["--vars=innov"], "'ja'.*linje 2"),
        (GOLDEN.replace("1,A,100,20,1,", "1,A,100,0,1,"), ["--vars=innov"], "vægten 0"),
        (GOLDEN.replace("1,A,100,20,1,", "1,A,100,,1,"), ["--vars=innov"], "w mangler"),
        (GOLDEN.replace("1,A,100,20,1,", "1,A,3,20,1,"), ["--vars=innov", "--fpc=N_h"], "samme"),
        (GOLDEN, ["--vars= ,"], "mindst én variabel"),
        ("id,stratum\n", ["--vars=innov"], "mindst én besvarelse"),
        (GOLDEN + "16,A,100\n", ["--vars=innov"], "Linje 17 har 3 felter"),
        (GOLDEN, ["--vars=id", "--kind=proportion"], "0 og 1"),
    ],
)
def test_bad_input_gives_a_danish_error(
    tmp_path: Path, content: str | None, args: list[str], message: str
) -> None:
    path = tmp_path / "svar.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(path, *args)


def test_errors_reach_stderr_with_a_failing_exit_code(
    golden: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As from the shell: Django's run_from_argv prints a CommandError and exits with 1."""
    from spred.barometer.management.commands.barometer_estimate import Command

    argv = [
        "manage.py",
        "barometer_estimate",
        f"--microdata={golden}",
        "--strata=stratum",
        "--weights=w",
        "--vars=mangler",
    ]
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(argv)
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert "Kolonnen mangler findes ikke i filen" in captured.err
    assert captured.out == ""
