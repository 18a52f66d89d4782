"""``manage.py diffusion_fit``: the reference series end to end, and a clear Danish error naming
the line for every kind of bad input, with nothing printed."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FILES = Path(__file__).parent / "files"
AIR_CONDITIONERS = FILES / "bass_air_conditioners.csv"


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("diffusion_fit", *args, stdout=out)
    return json.loads(out.getvalue())


def refuse(path: Path, *args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("diffusion_fit", f"--csv={path}", *args, stdout=out)
    assert out.getvalue() == ""
    return str(error.value)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "serie.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reference_series_with_the_bass_model() -> None:
    output = run(f"--csv={AIR_CONDITIONERS}", "--model=bass")
    assert output["model"] == "bass"
    assert math.isclose(output["params"]["m"], 18712.7, rel_tol=1e-5)
    assert math.isclose(output["params"]["p"], 0.009442, rel_tol=1e-4)
    assert math.isclose(output["params"]["q"], 0.37476, rel_tol=1e-5)
    assert set(output["std_errors"]) == {"m", "p", "q"}
    assert all(value > 0 for value in output["std_errors"].values())
    assert (output["n"], output["k"]) == (13, 3)
    for key in ("rss", "sigma2", "aic", "bic", "r_squared"):
        assert isinstance(output[key], float)
    assert len(output["fitted"]) == 13
    assert output["period_labels"] == list(range(1949, 1962))
    assert "forecast" not in output


@pytest.mark.parametrize(
    ("model", "names"), [("logistic", {"m", "r", "t0"}), ("gompertz", {"m", "b", "c"})]
)
def test_the_other_models(model: str, names: set[str]) -> None:
    output = run(f"--csv={AIR_CONDITIONERS}", f"--model={model}")
    assert output["model"] == model
    assert set(output["params"]) == names
    assert set(output["std_errors"]) == names


def test_best_lists_every_fit_and_the_choice_with_a_forecast() -> None:
    output = run(f"--csv={AIR_CONDITIONERS}", "--model=best", "--horizon=4", "--level=0.8")
    assert output["model"] == "best"
    models = [result["model"] for result in output["fits"]]
    assert models == ["bass", "logistic", "gompertz"]
    lowest = min(output["fits"], key=lambda result: result["aic"])
    assert output["chosen"] == lowest["model"]
    assert output["best"]["model"] == output["chosen"]
    assert output["refused"] == {}
    forecast = output["forecast"]
    assert forecast["level"] == 0.8
    assert forecast["periods"] == list(range(1, 18))
    assert forecast["period_labels"] == list(range(1949, 1966))
    assert all(
        low <= value <= high
        for low, value, high in zip(
            forecast["low"], forecast["cumulative"], forecast["high"], strict=True
        )
    )


def test_best_reports_the_models_it_had_to_refuse(tmp_path: Path) -> None:
    # Steep decline from the start: Bass (outside influence alone) fits; the S-curves would
    # need most of their adoptions before the first period.
    path = write(tmp_path, "period,adoptions\n1,100\n2,60\n3,36\n4,22\n5,13\n6,8\n")
    output = run(f"--csv={path}", "--model=best")
    assert output["chosen"] == "bass"
    assert "logistic" in output["refused"]
    assert output["refused"]["logistic"].startswith("Data kan ikke identificere modellen")


def test_semicolons_and_decimal_commas_are_read(tmp_path: Path) -> None:
    text = AIR_CONDITIONERS.read_text(encoding="utf-8").replace(",", ";")
    text = text.replace("1958;1673", "1958;1673,0")
    assert "1673,0" in text
    output = run(f"--csv={write(tmp_path, text)}", "--model=bass")
    assert math.isclose(output["params"]["m"], 18712.7, rel_tol=1e-5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("periode,antal\n1,2\n", "Linje 1: overskriften skal være »period,adoptions«"),
        ("period,adoptions\n1,2\n2,3,4\n", "Linje 3 har 3 felter"),
        ("period,adoptions\n1,2\nto,3\n", "Linje 3: perioden »to« er ikke et heltal"),
        ("period,adoptions\n1,2\n2,mange\n", "Linje 3: antallet »mange« er ikke et tal"),
        ("period,adoptions\n1,2\n2,nan\n", "Linje 3: antallet »nan« er ikke et endeligt tal"),
        ("period,adoptions\n1,2\n2,3\n4,5\n", "Linje 4: perioden 4 følger ikke lige efter 2"),
        ("period,adoptions\n2,2\n1,3\n", "Linje 3: perioden 1 følger ikke lige efter 2"),
        ("period,adoptions\n1,2\n2,-3\n", "Linje 3: antallet af ibrugtagninger er negativt (-3)"),
        ("period,adoptions\n1,2\n2,3\n3,4\n", "Filen har 3 perioder; der skal mindst 4 perioder"),
        ("period,adoptions\n", "Filen har 0 perioder"),
        ("", "er tom"),
        ("period,adoptions\n1,0\n2,0\n3,0\n4,0\n", "Alle perioder i filen har 0 ibrugtagninger"),
    ],
)
def test_bad_files_are_refused_with_the_line(tmp_path: Path, text: str, message: str) -> None:
    assert message in refuse(write(tmp_path, text))


def test_blank_lines_do_not_shift_the_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "period,adoptions\n\n1,2\n\n2,x\n")
    assert "Linje 5: antallet »x« er ikke et tal" in refuse(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert "findes ikke" in refuse(tmp_path / "ingen.csv")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("period,adoptions\n1,2\n# æøå\n".encode("latin-1"))
    assert "ikke UTF-8" in refuse(path)


def test_a_refused_fit_names_the_model_and_the_reason(tmp_path: Path) -> None:
    path = write(tmp_path, "period,adoptions\n1,1\n2,2\n3,4\n4,8\n5,16\n6,32\n7,64\n")
    message = refuse(path, "--model=gompertz")
    assert message.startswith(
        "Modellen kan ikke tilpasses (Gompertz): Data kan ikke identificere modellen:"
    )
    message = refuse(path, "--model=best")
    assert message.startswith("Ingen af modellerne kunne tilpasses serien.")
    assert "Bass: " in message
    assert "logistisk: " in message


@pytest.mark.parametrize(
    ("args", "message"), [(("--horizon=-1",), "--horizon"), (("--level=2",), "--level")]
)
def test_bad_options_are_refused(args: tuple[str, ...], message: str) -> None:
    assert message in refuse(AIR_CONDITIONERS, *args)
