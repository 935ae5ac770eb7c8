#!/usr/bin/env bash
# Runs the mutation fuzzer (Tests/LoupeCLITests/Fuzz) on a release build for a given time.
#
#   scripts/fuzz.sh TARGET SECONDS [MAX_CASES] [SEED]
#
# LOUPE_FUZZ_BUILD_EVERY=N builds one data input in N that reads end to end (default 4; a build
# costs far more than a parse, so long runs may raise it).
# TARGET is csv, tsv, jsonl, config, results, gates, templates or all (each target gets SECONDS).
# Every case must end in a value or an error with a message (and a location where the input has
# one) within LOUPE_FUZZ_CASE_SECONDS (10 s); a hang ends the run naming the case, a crash ends
# it with the input left in $TMPDIR/loupe-fuzz/TARGET/ (make it a fixture in Fixtures/Fuzz/).
# The release build has its own scratch folder, so it does not disturb .build/release.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh TARGET SECONDS [MAX_CASES] [SEED]}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS [MAX_CASES] [SEED]}
cases=${3:-1000000000}
seed=${4:-11}

declare -A tests=(
  [csv]=testCSV [tsv]=testTSV [jsonl]=testJSONLines [config]=testConfigJSON
  [results]=testResultsJSON [gates]=testGateExpressions [templates]=testTemplates
)
if [[ $target == all ]]; then
  targets=(csv tsv jsonl config results gates templates)
elif [[ -n ${tests[$target]:-} ]]; then
  targets=("$target")
else
  echo "fuzz.sh: unknown target '$target' (csv, tsv, jsonl, config, results, gates, templates, all)" >&2
  exit 2
fi

scratch=.build/fuzz
# -enable-testing for the tests' @testable imports. Swift 6.3's SIL ownership verifier aborts on
# one of LoupeMetricsTests' functions at -O (not run here), so this build turns the verifier off.
flags=(-Xswiftc -enable-testing -Xswiftc -Xfrontend -Xswiftc -disable-sil-ownership-verifier)
swift build -c release --build-tests "${flags[@]}" --scratch-path "$scratch" 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true

status=0
for name in "${targets[@]}"; do
  log=$(mktemp)
  set +e
  LOUPE_FUZZ_SECONDS=$seconds LOUPE_FUZZ_CASES=$cases LOUPE_FUZZ_SEED=$seed \
    swift test -c release "${flags[@]}" --scratch-path "$scratch" --skip-build \
    --filter "FuzzTests/${tests[$name]}" >"$log" 2>&1
  code=$?
  set -e
  grep -E '^fuzz |^  unlocated|error:|HANG|Fatal error|crashed|Executed' "$log" | sort -u || true
  if [[ $code -ne 0 ]]; then
    echo "fuzz $name: FAILED (exit $code); the last input is in ${TMPDIR:-/tmp}/loupe-fuzz/$name/" >&2
    status=1
  fi
  rm -f "$log"
done
exit $status
