#!/usr/bin/env bash
# Side-by-side with R's lme4, as whole processes on the same exported ratings:
#   rapport calibrate --ratings FILE  (reads the CSV, fits the rater model and the cross-check model,
#                                      builds every report, writes the JSON)
#   Rscript lme4.R DIR                (reads the CSV, fits the cross-check model with lmer, recovery)
# each under /usr/bin/time -v: processor time is user + system, peak memory the maximum resident set.
# lme4 is stopped after LIMIT seconds (default 3600): at 1e6 ratings it does not finish in 45 minutes here.
# Usage: bench/calibration/lme4.sh [RATINGS] [LIMIT]   (default 100000; installs R and lme4 from Debian if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
ratings=${1:-100000}
limit=${2:-3600}

if ! Rscript -e 'library(lme4)' >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "R with lme4 is missing: sudo apt-get install r-base-core r-cran-lme4" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends r-base-core r-cran-lme4 >/dev/null
fi

data=$(mktemp -d /tmp/rapport-calibration.XXXXXX)
trap 'rm -rf "$data"' EXIT
dotnet build bench/calibration -c Release --verbosity quiet -nologo -clp:ErrorsOnly
dotnet build src/Rapport -c Release --verbosity quiet -nologo -clp:ErrorsOnly
dotnet artifacts/bin/Rapport.Stats.Bench/release/Rapport.Stats.Bench.dll --ratings "$ratings" --runs 0 --export "$data"

whole() {
  grep -E 'User time|System time|Maximum resident|Elapsed|Exit status' "$1" | sed 's/^\s*/  /'
}

echo "rapport calibrate, whole process:"
/usr/bin/time -v artifacts/bin/Rapport/release/rapport calibrate --ratings "$data/ratings.csv" --out "$data/report.json" 2> "$data/rapport.time"
whole "$data/rapport.time"

echo "Rscript lme4.R, whole process (stopped after $limit s):"
timeout "$limit" /usr/bin/time -v Rscript bench/calibration/lme4.R "$data" 2> "$data/lme4.time" || echo "  lme4 did not finish within $limit s"
whole "$data/lme4.time"
