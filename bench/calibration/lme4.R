# Fits the cross-check model with lme4 on data exported by the calibration benchmark and reports
# fit time and recovery against the simulated truth, in the benchmark's terms.
# Usage: Rscript lme4.R DIR
suppressPackageStartupMessages(library(lme4))
dir <- commandArgs(trailingOnly = TRUE)[1]
ratings <- read.csv(file.path(dir, "ratings.csv"), colClasses = c(rating = "numeric", rated_at = "character"))
for (column in c("interview_id", "candidate_id", "interviewer_id", "question_id", "signal")) {
  ratings[[column]] <- factor(ratings[[column]])
}

elapsed <- system.time(
  fit <- lmer(rating ~ signal + (1 | candidate_id) + (1 | interview_id) + (1 | interviewer_id) + (1 | question_id),
              data = ratings, REML = TRUE)
)[["elapsed"]]

recovery <- function(name, effects, truth_file, sign) {
  truth <- read.csv(file.path(dir, truth_file))
  estimate <- sign * effects[as.character(truth[[1]]), 1]
  cat(sprintf("  %s: r = %.4f\n", name, cor(estimate, truth[[2]])))
}

effects <- ranef(fit)
cat(sprintf("lme4 %s: %.2f s for %d ratings\n", packageVersion("lme4"), elapsed, nrow(ratings)))
recovery("candidates", effects$candidate_id, "truth-candidates.csv", 1)
recovery("interviewers", effects$interviewer_id, "truth-interviewers.csv", -1)
recovery("questions", effects$question_id, "truth-questions.csv", -1)
components <- as.data.frame(VarCorr(fit))
cat(sprintf("  variances (points²): candidates %.4f, interviews %.4f, interviewers %.4f, questions %.4f, residual %.4f\n",
            components$vcov[components$grp == "candidate_id"], components$vcov[components$grp == "interview_id"],
            components$vcov[components$grp == "interviewer_id"], components$vcov[components$grp == "question_id"],
            components$vcov[components$grp == "Residual"]))
