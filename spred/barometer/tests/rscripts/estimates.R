# Reference estimates from R's survey package for spred/barometer/tests/test_r_survey.py.
#
# Usage: Rscript estimates.R DIR
# DIR holds one sub-folder per scenario with
#   data.csv    stratum, w, [N_h], dom, [calibration variables], y variables (NA = missing)
#   config.csv  key,value: vars, fpc (yes/no), lonely, calibration (none/poststratify/rake),
#               margins (calibration variables, separated by "+")
#   pop_<margin>.csv  category,Freq for each calibration variable
# and gets results.csv: var,domain,stat,value (value printed with 17 significant digits).
# A domain of "" is the whole sample. A scenario where R stops writes one row with stat "error".
suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
root <- args[[1]]

fmt <- function(x) sprintf("%.17g", as.numeric(x))

run_scenario <- function(dir) {
  config <- read.csv(file.path(dir, "config.csv"), colClasses = "character")
  cfg <- setNames(config$value, config$key)
  data <- read.csv(file.path(dir, "data.csv"), colClasses = c(stratum = "character", dom = "character"))
  vars <- strsplit(cfg[["vars"]], "+", fixed = TRUE)[[1]]
  for (v in vars) data[[paste0(v, "_filled")]] <- ifelse(is.na(data[[v]]), 0, data[[v]])
  options(survey.lonely.psu = cfg[["lonely"]])
  design <- if (cfg[["fpc"]] == "yes") {
    svydesign(ids = ~1, strata = ~stratum, fpc = ~N_h, weights = ~w, data = data)
  } else {
    svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = data)
  }
  margins <- if (cfg[["calibration"]] == "none") character(0) else
    strsplit(cfg[["margins"]], "+", fixed = TRUE)[[1]]
  populations <- lapply(margins, function(m) {
    pop <- read.csv(file.path(dir, paste0("pop_", m, ".csv")), colClasses = c(category = "character"))
    names(pop) <- c(m, "Freq")
    pop
  })
  if (cfg[["calibration"]] == "poststratify") {
    design <- postStratify(design, as.formula(paste0("~", margins[[1]])), populations[[1]])
  } else if (cfg[["calibration"]] == "rake") {
    design <- rake(design, lapply(margins, function(m) as.formula(paste0("~", m))), populations,
                   control = list(maxit = 500, epsilon = 1e-14))
  }
  rows <- list()
  add <- function(var, domain, stat, value) {
    rows[[length(rows) + 1]] <<- data.frame(var = var, domain = domain, stat = stat,
                                            value = fmt(value))
  }
  if (cfg[["calibration"]] != "none") {
    add("", "", "weights_sum", sum(weights(design)))
    for (i in seq_len(nrow(data))) add("", as.character(i), "weight", weights(design)[[i]])
  }
  domains <- c("", sort(unique(data$dom[!is.na(data$dom) & data$dom != ""])))
  for (v in vars) {
    filled <- paste0(v, "_filled")
    for (d in domains) {
      inside <- !is.na(data[[v]]) & (if (d == "") TRUE else (!is.na(data$dom) & data$dom == d))
      if (!any(inside)) next
      sub <- design[inside, ]
      m <- svymean(as.formula(paste0("~", filled)), sub)
      df <- degf(sub)
      add(v, d, "estimate", coef(m))
      add(v, d, "se", SE(m))
      add(v, d, "df", df)
      add(v, d, "n", sum(inside))
      wald <- confint(m, df = df)
      add(v, d, "wald_low", wald[1, 1])
      add(v, d, "wald_high", wald[1, 2])
      tot <- svytotal(as.formula(paste0("~", filled)), sub)
      add(v, d, "total", coef(tot))
      add(v, d, "total_se", SE(tot))
      values <- data[[v]][inside]
      p <- coef(m)[[1]]
      # svyciprop turns the t quantile into a normal level and back (1 - 2 pnorm(qt(...))),
      # which rounds to an infinite interval at df = 1; it is compared from df = 2 on.
      if (all(values %in% c(0, 1)) && p > 0 && p < 1 && df >= 2) {
        formula <- as.formula(paste0("~", filled))
        ci <- suppressWarnings(svyciprop(formula, sub, method = "logit"))
        add(v, d, "svyciprop_low", confint(ci)[1, 1])
        add(v, d, "svyciprop_high", confint(ci)[1, 2])
        # svyciprop's own steps, with the logistic fit converged to machine precision rather than
        # glm's default 1e-8 on the deviance (which moves the limits in the 9th digit).
        fit <- suppressWarnings(svyglm(as.formula(paste0(filled, " ~ 1")), sub,
                                       family = quasibinomial,
                                       control = glm.control(epsilon = 1e-15, maxit = 100)))
        limits <- plogis(confint(fit, 1, method = "Wald", ddf = df))
        add(v, d, "logit_low", limits[1])
        add(v, d, "logit_high", limits[2])
      }
    }
  }
  do.call(rbind, rows)
}

for (dir in list.dirs(root, recursive = FALSE)) {
  result <- tryCatch(run_scenario(dir), error = function(e) {
    data.frame(var = "", domain = "", stat = "error", value = conditionMessage(e))
  })
  write.csv(result, file.path(dir, "results.csv"), row.names = FALSE)
}
