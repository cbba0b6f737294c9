# build_older_release: builds the release named in tests/upgrade-from (a commit of this
# repository's history) in a folder of its own, for the rolling-upgrade test, and exports
# RAPPORT_TEST_OLDER_BUILD (its rapport executable). Built once per commit and kept.
build_older_release() {
  local commit dir
  commit=$(grep -v '^#' tests/upgrade-from | head -1)
  dir="${TMPDIR:-/tmp}/rapport-older-build-$commit"
  if [ ! -x "$dir/artifacts/bin/Rapport/debug/rapport" ]; then
    if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
      # A shallow clone: fetch the history it left out.
      git fetch --quiet --unshallow 2>/dev/null || git fetch --quiet origin "$commit" 2>/dev/null || true
    fi
    if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
      echo "The rolling-upgrade test needs commit $commit (tests/upgrade-from) in this clone's history; clone without --depth." >&2
      return 1
    fi
    echo "Building the release to upgrade from ($commit) ..."
    rm -rf "$dir"
    mkdir -p "$dir"
    git archive "$commit" | tar -x -C "$dir"
    (cd "$dir" && dotnet build src/Rapport --verbosity quiet -nologo -clp:ErrorsOnly)
  fi
  export RAPPORT_TEST_OLDER_BUILD="$dir/artifacts/bin/Rapport/debug/rapport"
}
