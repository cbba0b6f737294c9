#!/usr/bin/env bash
# Side-by-side with R's lme4: the same simulated ratings fitted by Rapport and by lme4, one run.
# Usage: bench/calibration/lme4.sh [RATINGS]   (default 100000; installs R and lme4 from Debian if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
ratings=${1:-100000}

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
dotnet artifacts/bin/Rapport.Stats.Bench/release/Rapport.Stats.Bench.dll --ratings "$ratings" --runs 1 --export "$data"
Rscript bench/calibration/lme4.R "$data"
