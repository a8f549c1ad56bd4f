# Reference values from R `survey` for the remaining differences listed in issue 12, item 5.
#
# Run from the repository root:   Rscript tests/reference/r/make_rstats.R
# (R >= 4.1 with the Debian package r-cran-survey; the shared set ../shared/reference/stats is
# read for the Likert and campaign parts.)  Writes, next to this script:
#   rstats_survey.csv       the synthetic survey the tests also read (seeded; written once here)
#   rstats_reference.csv    long table: case, design, variable, level, group, method,
#                           estimate, se, ci_low, ci_high, df, nrow, base, p_value
# The Python tests compare with these values; they never run R themselves.

suppressPackageStartupMessages(library(survey))
options(digits = 17)
here <- "tests/reference/r"
shared <- "../shared/reference/stats"

out <- list()
add <- function(case, design = "", variable = "", level = "", group = "", method = "",
                estimate = NA, se = NA, ci_low = NA, ci_high = NA, df = NA, nrow = NA, base = NA,
                p_value = NA) {
  out[[length(out) + 1]] <<- data.frame(case = case, design = design, variable = variable,
    level = level, group = group, method = method, estimate = as.numeric(estimate),
    se = as.numeric(se), ci_low = as.numeric(ci_low), ci_high = as.numeric(ci_high),
    df = as.numeric(df), nrow = as.numeric(nrow), base = as.numeric(base),
    p_value = as.numeric(p_value))
}

# ------------------------------------------------------------------ the synthetic survey
set.seed(20261202)
n <- 60
stratum <- rep(c("A", "B", "C"), c(25, 20, 15))
fpc <- c(A = 500, B = 300, C = 200)[stratum]
w <- round(runif(n, 0.5, 3), 3)
grp <- sample(rep(c("g1", "g2", "g3"), c(30, 22, 8)))
answer <- sample(c("ja", "nee", "misschien"), n, replace = TRUE, prob = c(.5, .3, .2))
answer[grp == "g3"] <- "ja"                        # g3: everybody who answered said "ja"
answer[c(which(grp == "g3")[1], sample(which(grp != "g3"), 4))] <- NA   # item non-response
x <- round(rnorm(n, 50, 12), 1)
mc_a <- rbinom(n, 1, 0.4)
mc_none <- rep(0L, n)                             # an option nobody chose
mc_all <- rep(1L, n)                              # an option everybody chose
mc_na <- sample(n, 3)                             # three respondents skipped the question
mc_a[mc_na] <- NA; mc_none[mc_na] <- NA; mc_all[mc_na] <- NA
stratum_lonely <- stratum
stratum_lonely[1] <- "D"                          # a stratum with one respondent
fpc_lonely <- fpc
fpc_lonely[1] <- 40
svy <- data.frame(id = seq_len(n), stratum, fpc = as.numeric(fpc), w, grp, answer, x,
                  mc_a, mc_none, mc_all, stratum_lonely, fpc_lonely = as.numeric(fpc_lonely))
write.csv(svy, file.path(here, "rstats_survey.csv"), row.names = FALSE, na = "")
svy <- read.csv(file.path(here, "rstats_survey.csv"), na.strings = "")   # exactly what the tests read

designs <- list(
  wt_only = svydesign(ids = ~1, weights = ~w, data = svy),
  strat_w = svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = svy),
  strat_fpc = svydesign(ids = ~1, strata = ~stratum, fpc = ~fpc, data = svy),
  unweighted = svydesign(ids = ~1, weights = ~rep(1, nrow(svy)), data = svy)
)

wilson_neff <- function(p, se, df, level = 0.95) {   # survey >= 4.5 svyciprop(method = "wilson")
  t <- qt(1 - (1 - level) / 2, df)
  ne <- p * (1 - p) / se^2
  centre <- p + t^2 / (2 * ne)
  half <- t / (2 * ne) * sqrt(4 * ne * p * (1 - p) + t^2)
  c(centre - half, centre + half) / (1 + t^2 / ne)
}

# ------------------------------------------------------------------ (a), (b): subgroups (svyby/subset)
levels_answer <- c("ja", "misschien", "nee", "nooit")   # "nooit": a level nobody chose
for (dn in names(designs)) {
  des <- designs[[dn]]
  for (g in c("", "g1", "g2", "g3")) {
    sub <- if (g == "") des else subset(des, grp == g)
    rows <- if (g == "") rep(TRUE, n) else svy$grp == g
    base <- sum(rows & !is.na(svy$answer))
    for (lv in levels_answer) {
      k <- sum(rows & svy$answer %in% lv)
      if (k > 0 && k < base) {
        m <- svymean(~I(answer == lv), sub, na.rm = TRUE)
        p <- coef(m)[[2]]; se <- SE(m)[[2]]          # the TRUE column
        for (meth in c("beta", "xlogit", "mean")) {
          ci <- attr(svyciprop(~I(answer == lv), sub, method = meth, na.rm = TRUE), "ci")
          add("subgroup_prop", dn, "answer", lv, g, meth, p, se, ci[1], ci[2], degf(sub), nrow(sub), base)
        }
        ci <- wilson_neff(p, se, degf(sub))
        add("subgroup_prop", dn, "answer", lv, g, "wilson", p, se, ci[1], ci[2], degf(sub), nrow(sub), base)
      } else {
        # 0 % or 100 %: svyciprop gives NaN (n_eff = 0/0); the issue's rule is the respondents
        # of the base: Clopper-Pearson (binom.test) and the Wilson score (prop.test, no correction)
        cp <- binom.test(k, base)$conf.int
        add("extreme_prop", dn, "answer", lv, g, "korn-graubard", k / base, NA, cp[1], cp[2],
            degf(sub), nrow(sub), base)
        ws <- prop.test(k, base, correct = FALSE)$conf.int
        add("extreme_prop", dn, "answer", lv, g, "wilson", k / base, NA, ws[1], ws[2],
            degf(sub), nrow(sub), base)
      }
    }
    if (g != "") {
      m <- svymean(~x, sub)
      ci <- confint(m, df = degf(sub))
      add("subgroup_mean", dn, "x", "", g, "t", coef(m), SE(m), ci[1], ci[2], degf(sub), nrow(sub),
          sum(rows))
    }
  }
}

# ------------------------------------------------------------------ (c): multiple choice at 0 % / 100 %
base_mc <- sum(!is.na(svy$mc_a))
for (opt in c("mc_none", "mc_all")) {
  k <- sum(svy[[opt]], na.rm = TRUE)
  ws <- prop.test(k, base_mc, correct = FALSE)$conf.int
  add("multiple_extreme", "", opt, "", "", "wilson", k / base_mc, NA, ws[1], ws[2], NA, n, base_mc)
  cp <- binom.test(k, base_mc)$conf.int
  add("multiple_extreme", "", opt, "", "", "korn-graubard", k / base_mc, NA, cp[1], cp[2], NA, n, base_mc)
}

# coded themes (tests/stats/test_r_subgroups.py): a theme nobody of 10 got, one all 12 got
for (kb in list(c(0, 10), c(12, 12))) {
  ws <- prop.test(kb[1], kb[2], correct = FALSE)$conf.int
  add("theme_extreme", "", "theme", "", "", "wilson", kb[1] / kb[2], NA, ws[1], ws[2], NA, NA, kb[2])
}

# ------------------------------------------------------------------ (d): mcnemar.test
mc_tables <- list(b_eq_c = c(40, 12, 12, 30), b_eq_c_small = c(5, 1, 1, 9), diff_one = c(20, 7, 6, 11),
                  diff_two = c(20, 8, 6, 11), shared_example = c(76, 33, 17, 54))
for (nm in names(mc_tables)) {
  v <- mc_tables[[nm]]     # a, b, c, d: rows = majority +/-, columns = minority +/-
  tab <- matrix(c(v[1], v[3], v[2], v[4]), 2)   # [[a, b], [c, d]]
  add("mcnemar", nm, paste(v, collapse = ","), method = "mcnemar.test", p_value = mcnemar.test(tab)$p.value)
}

# ------------------------------------------------------------------ (f): lonely PSU
lonely_designs <- list(
  strat_w = svydesign(ids = ~1, strata = ~stratum_lonely, weights = ~w, data = svy),
  strat_fpc = svydesign(ids = ~1, strata = ~stratum_lonely, fpc = ~fpc_lonely, data = svy)
)
for (dn in names(lonely_designs)) {
  des <- lonely_designs[[dn]]
  for (opt in c("certainty", "remove", "adjust", "average")) {
    options(survey.lonely.psu = opt)
    m <- svymean(~x, des)
    add("lonely_psu", dn, "x", "", "", opt, coef(m), SE(m), df = degf(des), nrow = n)
    m <- svymean(~I(answer == "ja"), des, na.rm = TRUE)
    add("lonely_psu", dn, "answer", "ja", "", opt, coef(m)[[2]], SE(m)[[2]], df = degf(des), nrow = n)
  }
  options(survey.lonely.psu = "fail")
  failed <- inherits(try(svymean(~x, des), silent = TRUE), "try-error")
  add("lonely_psu_fails", dn, "x", "", "", "fail", estimate = as.numeric(failed))
}

# ------------------------------------------------------------------ Likert top-2-box (shared data)
if (file.exists(file.path(shared, "data", "survey_small.csv"))) {
  small <- read.csv(file.path(shared, "data", "survey_small.csv"))
  lk <- list(wt_only = svydesign(ids = ~1, weights = ~w_design, data = small),
             strat_fpc = svydesign(ids = ~1, strata = ~stratum, fpc = ~fpc, data = small),
             unweighted = svydesign(ids = ~1, weights = ~rep(1, nrow(small)), data = small))
  for (dn in names(lk)) {
    des <- lk[[dn]]
    m <- svymean(~I(likert_q1 %in% 4:5), des)
    p <- coef(m)[[2]]; se <- SE(m)[[2]]
    for (meth in c("beta", "xlogit")) {
      ci <- attr(svyciprop(~I(likert_q1 %in% 4:5), des, method = meth), "ci")
      add("likert_top2", dn, "likert_q1", "4,5", "", meth, p, se, ci[1], ci[2], degf(des), nrow(des))
    }
    ci <- wilson_neff(p, se, degf(des))
    add("likert_top2", dn, "likert_q1", "4,5", "", "wilson", p, se, ci[1], ci[2], degf(des), nrow(des))
  }

  # ---------------------------------------------------------------- campaign (shared municipalities)
  mun <- read.csv(file.path(shared, "data", "municipalities.csv"))
  prov <- read.csv(file.path(here, "municipal_provinces.csv"))
  mun <- merge(mun, prov, by = "nis")
  fit <- glm(reg_2024_08 ~ partner + province, offset = log(reg_2024_01), family = quasipoisson,
             data = mun)
  add("campaign", "municipalities", "rate_ratio_province_adjusted", method = "glm quasipoisson",
      estimate = exp(coef(fit)[["partner"]]), se = sqrt(vcov(fit)["partner", "partner"]))
  delta <- log(mun$reg_2024_08 / mun$reg_2024_01) - log(mun$reg_2018_08 / mun$reg_2018_01)
  tt <- t.test(delta[mun$partner == 1], delta[mun$partner == 0], alternative = "greater")
  add("campaign", "municipalities", "did_p_one_sided", method = "t.test Welch greater",
      estimate = mean(delta[mun$partner == 1]) - mean(delta[mun$partner == 0]), p_value = tt$p.value)
}

# ------------------------------------------------------------------ campaign: the tiny hand-made project
# (tests/campaign/test_summary.py): growth ratios A/J in 2024 and 2018 of six municipalities
lg24 <- c(`11002` = 1.8, `44021` = 1.2, `24062` = 1.75, `31005` = 1.25, `11001` = 1.1, `12025` = 1.2)
lg18 <- c(`11002` = 50 / 40, `44021` = 52 / 40, `24062` = 56 / 40, `31005` = 58 / 40,
          `11001` = 60 / 40, `12025` = 62 / 40)   # TINY order: Hasselt (54/40) has no 2024 growth
delta <- log(lg24) - log(lg18[names(lg24)])
tt <- t.test(delta[c("11002", "44021", "24062")], delta[c("31005", "11001", "12025")],
             alternative = "greater")
add("campaign", "tiny", "did_p_one_sided", method = "t.test Welch greater",
    estimate = unname(tt$estimate[1] - tt$estimate[2]), p_value = tt$p.value)

res <- do.call(rbind, out)
write.csv(res, file.path(here, "rstats_reference.csv"), row.names = FALSE, na = "")
cat("wrote", nrow(res), "rows\n")
