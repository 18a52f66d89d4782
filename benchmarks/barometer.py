"""Benchmark: a whole Innovation Barometer wave through the estimation engine.

    .venv/bin/python benchmarks/barometer.py [--repeat 5] [--r-vars 20 | --no-r]

Synthetic data (made here, labelled synthetic): 20,000 respondents in 90 strata (3 government
levels × 10 industries × 3 sizes) with finite population correction, 200 indicators (180 yes/no,
a third of them follow-up questions asked only of those who said yes to a gate question, plus 5 %
"ved ikke" left out; 20 amounts), and 40 domains. The job is every estimate with its standard error
and 95 % interval: each indicator for the whole sample and for every domain (proportions with the
logit interval, amounts as means with the Wald interval).

When ``Rscript`` with the survey package is on the machine, R does the same job (svymean and
svyby per indicator, on ``subset(design, !is.na(y))``, the logit interval formed from the same mean
and standard error), and the script prints both times, their ratio and the largest difference
between the two sets of figures. R needs about 1.5 CPU seconds per indicator, so by default it
does every tenth indicator (20, yes/no and amounts alike) and the time for all 200 is that times
ten, printed as an extrapolation; ``--r-vars 200`` makes R do the whole job. No Django set-up is
needed.
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import numpy as np

# Before spred: importing common puts the project root on sys.path.
from common import load_average, python_and_numpy, timed

from spred.barometer.analysis.estimation import StratifiedDesign, estimate_matrix

RESPONDENTS = 20_000
BINARY = 180
AMOUNTS = 20
DOMAINS = 40
SEED = 2024

R_JOB = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[[1]], colClasses = c(stratum = "character", dom = "character"))
vars <- grep("^v", names(data), value = TRUE)
binary <- as.logical(read.csv(args[[2]])$binary)
chosen <- as.integer(strsplit(args[[4]], ",")[[1]]) + 1
vars <- vars[chosen]
binary <- binary[chosen]
options(survey.lonely.psu = "fail")
started <- proc.time()
design <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N_h, weights = ~w, data = data)
rows <- vector("list", length(vars))
for (k in seq_along(vars)) {
  v <- vars[[k]]
  sub <- design[!is.na(data[[v]]), ]
  f <- as.formula(paste0("~", v))
  overall <- svymean(f, sub)
  by <- svyby(f, ~dom, sub, svymean, keep.var = TRUE)
  est <- c(coef(overall), coef(by))
  se <- c(SE(overall), SE(by))
  df <- c(degf(sub), sapply(by$dom, function(d) degf(subset(sub, dom == d))))
  t <- qt(0.975, df)
  if (binary[[k]]) {
    half <- t * se / (est * (1 - est))
    low <- plogis(qlogis(est) - half)
    high <- plogis(qlogis(est) + half)
  } else {
    low <- est - t * se
    high <- est + t * se
  }
  rows[[k]] <- data.frame(var = v, domain = c("", as.character(by$dom)), estimate = est, se = se,
                          low = low, high = high)
}
used <- proc.time() - started
result <- do.call(rbind, rows)
result$estimate <- sprintf("%.17g", result$estimate)
result$se <- sprintf("%.17g", result$se)
result$low <- sprintf("%.17g", result$low)
result$high <- sprintf("%.17g", result$high)
write.csv(result, args[[3]], row.names = FALSE)
cat(sprintf("%.3f %.3f\n", used[["elapsed"]], used[["user.self"]] + used[["sys.self"]]))
"""


def synthetic_wave() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Respondents, the indicator matrix (NaN = not asked / ved ikke) and which are yes/no."""
    rng = np.random.default_rng(SEED)
    strata_labels = [
        f"{level}-{industry:02d}-{size}"
        for level in ("kommune", "region", "stat")
        for industry in range(10)
        for size in ("lille", "mellem", "stor")
    ]
    share = rng.dirichlet(np.full(len(strata_labels), 4.0))
    n_h = np.maximum(2, np.round(share * RESPONDENTS)).astype(int)
    n_h[0] += RESPONDENTS - n_h.sum()
    population = np.round(n_h * rng.uniform(1.5, 8, n_h.size)).astype(int)
    strata = np.repeat(np.arange(len(strata_labels)), n_h)
    weights = np.repeat(population / n_h, n_h)
    domains = rng.integers(0, DOMAINS, RESPONDENTS)
    propensity = rng.normal(0, 0.6, len(strata_labels))[strata]
    matrix = np.empty((RESPONDENTS, BINARY + AMOUNTS))
    gate = 0
    for k in range(BINARY):
        p = 1 / (1 + np.exp(-(rng.normal(-0.3, 0.8) + propensity)))
        column = (rng.random(RESPONDENTS) < p).astype(float)
        if k % 3 == 0:
            gate = k  # a gate question; the next two are follow-ups asked only after a yes
        else:
            column[matrix[:, gate] != 1] = np.nan
        column[rng.random(RESPONDENTS) < 0.05] = np.nan
        matrix[:, k] = column
    for k in range(BINARY, BINARY + AMOUNTS):
        column = np.round(rng.lognormal(2 + propensity, 0.8), 2)
        column[rng.random(RESPONDENTS) < 0.1] = np.nan
        matrix[:, k] = column
    respondents = {
        "stratum": np.asarray(strata_labels, dtype=object)[strata],
        "w": weights,
        "N_h": np.repeat(population, n_h).astype(float),
        "dom": np.asarray([f"d{d:02d}" for d in range(DOMAINS)], dtype=object)[domains],
    }
    is_binary = np.r_[np.ones(BINARY, bool), np.zeros(AMOUNTS, bool)]
    return respondents, matrix, is_binary


def python_job(respondents: dict[str, np.ndarray], matrix: np.ndarray) -> dict[str, object]:
    design = StratifiedDesign.build(respondents["stratum"], respondents["w"], respondents["N_h"])
    yes_no, amounts = matrix[:, :BINARY], matrix[:, BINARY:]
    return {
        "proportions": estimate_matrix(design, yes_no, kind="proportion"),
        "proportions_by_domain": estimate_matrix(
            design, yes_no, domains=respondents["dom"], kind="proportion"
        ),
        "means": estimate_matrix(design, amounts, kind="mean"),
        "means_by_domain": estimate_matrix(
            design, amounts, domains=respondents["dom"], kind="mean"
        ),
    }


def run_r(
    respondents: dict[str, np.ndarray],
    matrix: np.ndarray,
    is_binary: np.ndarray,
    chosen: np.ndarray,
    work: Path,
) -> tuple[float, float, dict[tuple[str, str], tuple[float, ...]]] | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    check = subprocess.run(  # noqa: S603 - fixed arguments
        [rscript, "-e", "library(survey)"], capture_output=True, check=False
    )
    if check.returncode != 0:
        return None
    data_path, binary_path, out_path, script = (
        work / "wave.csv",
        work / "binary.csv",
        work / "r.csv",
        work / "job.R",
    )
    with data_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        names = [f"v{k:03d}" for k in range(matrix.shape[1])]
        writer.writerow(["stratum", "w", "N_h", "dom", *names])
        for i in range(matrix.shape[0]):
            values = ["" if np.isnan(v) else repr(float(v)) for v in matrix[i]]
            writer.writerow(
                [
                    respondents["stratum"][i],
                    repr(float(respondents["w"][i])),
                    repr(float(respondents["N_h"][i])),
                    respondents["dom"][i],
                    *values,
                ]
            )
    binary_path.write_text("binary\n" + "\n".join("TRUE" if b else "FALSE" for b in is_binary))
    script.write_text(R_JOB)
    completed = subprocess.run(  # noqa: S603 - our own script and files
        [
            rscript,
            "--vanilla",
            str(script),
            str(data_path),
            str(binary_path),
            str(out_path),
            ",".join(str(int(k)) for k in chosen),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed, cpu = map(float, completed.stdout.strip().splitlines()[-1].split())
    figures = {}
    with out_path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            figures[(row["var"], row["domain"])] = tuple(
                float(row[c]) for c in ("estimate", "se", "low", "high")
            )
    return elapsed, cpu, figures


def largest_difference(
    tables: dict[str, object], figures: dict[tuple[str, str], tuple[float, ...]]
) -> float:
    worst = 0.0
    for overall_name, domain_name, offset in (
        ("proportions", "proportions_by_domain", 0),
        ("means", "means_by_domain", BINARY),
    ):
        for name in (overall_name, domain_name):
            table = tables[name]
            for j in range(table.estimate.shape[0]):  # type: ignore[attr-defined]
                for d, label in enumerate(table.domains):  # type: ignore[attr-defined]
                    key = (f"v{j + offset:03d}", "" if label is None else str(label))
                    if key not in figures:
                        continue
                    ours = (
                        table.estimate[j, d],  # type: ignore[attr-defined]
                        table.se[j, d],  # type: ignore[attr-defined]
                        table.ci_low[j, d],  # type: ignore[attr-defined]
                        table.ci_high[j, d],  # type: ignore[attr-defined]
                    )
                    for a, b in zip(ours, figures[key], strict=True):
                        if not (np.isnan(a) and np.isnan(b)):
                            worst = max(worst, abs(a - b) / max(1.0, abs(b)))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-r", action="store_true", help="skip the comparison with R")
    parser.add_argument(
        "--r-vars", type=int, default=20, help="indicators R estimates (evenly spread; 200 = all)"
    )
    options = parser.parse_args()

    respondents, matrix, is_binary = synthetic_wave()
    answered = (~np.isnan(matrix)).sum()
    print(
        f"Synthetic wave: {RESPONDENTS} respondents, {len(set(respondents['stratum']))} strata, "
        f"{matrix.shape[1]} indicators ({BINARY} yes/no, {AMOUNTS} amounts), {DOMAINS} domains, "
        f"{answered} answers ({answered / matrix.size:.0%} of the matrix)"
    )
    print(f"{python_and_numpy()}, {platform.platform()}")
    timings, cpu, tables = timed(lambda: python_job(respondents, matrix), options.repeat)
    cells = sum(t.estimate.size for t in tables.values())  # type: ignore[attr-defined]
    # Wall time suffers when other work shares the two cores; CPU time shows the job's own cost.
    print(
        f"Python: {cells} estimates with se and interval; wall best {min(timings):.3f} s, "
        f"median {statistics.median(timings):.3f} s; CPU best {min(cpu):.3f} s "
        f"over {options.repeat} runs (load average {load_average():.1f})"
    )
    if options.no_r:
        return
    count = max(1, min(options.r_vars, matrix.shape[1]))
    chosen = np.unique(np.linspace(0, matrix.shape[1] - 1, count).round().astype(int))
    with tempfile.TemporaryDirectory() as directory:
        result = run_r(respondents, matrix, is_binary, chosen, Path(directory))
    if result is None:
        print("R: Rscript with the survey package not found; no comparison")
        return
    elapsed, r_cpu, figures = result
    scale = matrix.shape[1] / chosen.size
    print(
        f"R survey, {chosen.size} of {matrix.shape[1]} indicators (one run): wall {elapsed:.1f} s, "
        f"CPU {r_cpu:.1f} s"
    )
    if chosen.size < matrix.shape[1]:
        print(
            f"R survey, all {matrix.shape[1]} indicators (extrapolated ×{scale:g}): "
            f"wall {elapsed * scale:.0f} s, CPU {r_cpu * scale:.0f} s"
        )
    print(
        f"R / Python for the whole job: wall {elapsed * scale / min(timings):.0f}×, "
        f"CPU {r_cpu * scale / min(cpu):.0f}×"
    )
    print(
        f"Largest difference to R over its {len(figures)} cells × 4 figures "
        f"(relative above 1): {largest_difference(tables, figures):.1e}"
    )


if __name__ == "__main__":
    main()
