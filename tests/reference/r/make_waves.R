# Reference values from R for comparing waves of a consultation (issue 16, items 2 and 3).
#
# Run from the repository root:   Rscript tests/reference/r/make_waves.R
# (R >= 4.1 with the Debian packages r-cran-survey and r-cran-coin.)  Writes, next to this script:
#   waves_independent.csv   two SYNTHETIC independent waves (seeded; written once here)
#   waves_paired.csv        SYNTHETIC linked before/after answers of the same people
#   waves_reference.csv     long table: case, variable, level, method, estimate, se, ci_low, ci_high,
#                           statistic, df, ddf, p_value
# The Python tests compare with these values; they never run R themselves.

suppressPackageStartupMessages({library(survey); library(coin)})
options(digits = 17)
here <- "tests/reference/r"

out <- list()
add <- function(case, variable = "", level = "", method = "", estimate = NA, se = NA, ci_low = NA,
                ci_high = NA, statistic = NA, df = NA, ddf = NA, p_value = NA) {
  out[[length(out) + 1]] <<- data.frame(case = case, variable = variable, level = level, method = method,
    estimate = as.numeric(estimate), se = as.numeric(se), ci_low = as.numeric(ci_low),
    ci_high = as.numeric(ci_high), statistic = as.numeric(statistic), df = as.numeric(df),
    ddf = as.numeric(ddf), p_value = as.numeric(p_value))
}

# ------------------------------------------------------------------ two independent waves
set.seed(20261203)
one_wave <- function(wave, n, probs) {
  stratum <- sample(c("A", "B", "C"), n, replace = TRUE, prob = c(.5, .3, .2))
  answer <- sample(c("ja", "nee", "misschien"), n, replace = TRUE, prob = probs)
  answer[sample(n, 4)] <- NA                                   # item non-response
  data.frame(wave = wave, stratum = stratum, w = round(runif(n, 0.5, 3), 3),
             N = c(A = 900, B = 500, C = 300)[stratum], answer = answer)
}
ind <- rbind(one_wave("2022", 80, c(.35, .45, .20)), one_wave("2026", 70, c(.55, .30, .15)))
write.csv(ind, file.path(here, "waves_independent.csv"), row.names = FALSE, na = "")
ind$wave_stratum <- interaction(ind$wave, ind$stratum)

designs <- list(
  weighted = svydesign(ids = ~1, strata = ~wave_stratum, weights = ~w, data = ind),
  fpc = svydesign(ids = ~1, strata = ~wave_stratum, fpc = ~N, data = ind),
  srs = svydesign(ids = ~1, strata = ~wave, weights = ~rep(1, nrow(ind)), data = ind)
)
for (dname in names(designs)) {
  d <- designs[[dname]]
  for (lev in c("ja", "nee", "misschien")) {
    d2 <- subset(update(d, y = as.numeric(answer == lev)), !is.na(answer))   # domain: who answered
    by <- svyby(~y, ~wave, d2, svymean, covmat = TRUE)
    for (i in 1:2) add(paste0("independent_", dname), "answer", lev, paste0("share_", by$wave[i]),
                       estimate = coef(by)[i], se = SE(by)[i])
    con <- svycontrast(by, c(-1, 1))
    ci <- confint(con)
    est <- coef(con)[[1]]; se <- SE(con)[[1]]
    add(paste0("independent_", dname), "answer", lev, "difference", estimate = est, se = se,
        ci_low = ci[1], ci_high = ci[2], p_value = 2 * pnorm(-abs(est / se)))
  }
  chi <- svychisq(~answer + wave, d, statistic = "F")
  add(paste0("independent_", dname), "answer", "", "rao_scott_F", statistic = chi$statistic,
      df = chi$parameter[["ndf"]], ddf = chi$parameter[["ddf"]], p_value = chi$p.value)
}

# ------------------------------------------------------------------ the same people, before and after
set.seed(20261204)
n <- 45
yes_before <- rbinom(n, 1, 0.35)
yes_after <- ifelse(yes_before == 1, rbinom(n, 1, 0.85), rbinom(n, 1, 0.45))
lev3 <- c("weinig", "wat", "veel")
three_before <- sample(lev3, n, replace = TRUE, prob = c(.5, .3, .2))
shift <- function(x) ifelse(runif(length(x)) < 0.4, lev3[pmin(match(x, lev3) + 1, 3)], x)
three_after <- shift(three_before)
likert_before <- sample(1:5, n, replace = TRUE, prob = c(.15, .25, .3, .2, .1))
likert_after <- pmin(5, pmax(1, likert_before + sample(c(-1, 0, 0, 1, 1, 2), n, replace = TRUE)))
score_before <- round(rnorm(n, 50, 10), 2)
# differences with distinct absolute values, none zero: R's exact test
score_after <- score_before + sample(1:200, n) / 10 * sample(c(-1, 1, 1), n, replace = TRUE)
paired <- data.frame(yes_before, yes_after, three_before, three_after, likert_before, likert_after,
                     score_before, score_after)
write.csv(paired, file.path(here, "waves_paired.csv"), row.names = FALSE)

# the change in the share saying yes among the same people: the mean of each person's own change
pd <- svydesign(ids = ~1, data = data.frame(d = yes_after - yes_before))
pm <- svymean(~d, pd); pci <- confint(pm)
add("paired", "yes", "", "share_change", estimate = coef(pm)[[1]], se = SE(pm)[[1]], ci_low = pci[1],
    ci_high = pci[2], p_value = 2 * pnorm(-abs(coef(pm)[[1]] / SE(pm)[[1]])))

t2 <- table(factor(yes_before, levels = c(1, 0)), factor(yes_after, levels = c(1, 0)))
m <- mcnemar.test(t2, correct = TRUE)
add("paired", "yes", "", "mcnemar_chisq", statistic = m$statistic, df = m$parameter, p_value = m$p.value)
b <- t2[1, 2]; cc <- t2[2, 1]
add("paired", "yes", "", "mcnemar_exact", p_value = binom.test(b, b + cc, 0.5)$p.value)

t3 <- table(factor(three_before, levels = lev3), factor(three_after, levels = lev3))
mh <- mh_test(as.table(t3))
add("paired", "three", "", "stuart_maxwell", statistic = statistic(mh), df = 2, p_value = pvalue(mh))
# Bhapkar from its definition (Bhapkar 1966): n d' W^-1 d, W the sample covariance of the marginal
# differences (an independent computation: not the SM / (1 - SM/n) shortcut the Python code uses)
p <- t3 / sum(t3); k <- nrow(t3)
dv <- (rowSums(p) - colSums(p))[1:(k - 1)]
W <- matrix(0, k - 1, k - 1)
for (i in 1:(k - 1)) for (j in 1:(k - 1)) {
  W[i, j] <- if (i == j) rowSums(p)[i] + colSums(p)[i] - 2 * p[i, i] - dv[i]^2
             else -(p[i, j] + p[j, i]) - dv[i] * dv[j]
}
bh <- sum(t3) * drop(t(dv) %*% solve(W) %*% dv)
add("paired", "three", "", "bhapkar", statistic = bh, df = k - 1, p_value = pchisq(bh, k - 1, lower.tail = FALSE))
# an answer nobody changed from or to: S is singular, coin uses its generalised inverse
t4 <- matrix(c(10, 4, 0, 1, 8, 0, 0, 0, 6), 3, byrow = TRUE)
mh4 <- mh_test(as.table(t4))
add("paired", "singular", "", "stuart_maxwell", statistic = statistic(mh4), df = qr(mh4@statistic@covariance)$rank,
    p_value = pvalue(mh4))

w <- suppressWarnings(wilcox.test(likert_after, likert_before, paired = TRUE, correct = TRUE))
add("paired", "likert", "", "signed_rank", statistic = w$statistic, p_value = w$p.value)
w2 <- wilcox.test(score_after, score_before, paired = TRUE)
add("paired", "score", "", "signed_rank_exact", statistic = w2$statistic, p_value = w2$p.value)

ref <- do.call(rbind, out)
write.csv(ref, file.path(here, "waves_reference.csv"), row.names = FALSE, na = "")
cat("wrote", nrow(ref), "reference values\n")
