#!/usr/bin/env bash
# Kill -9 and concurrency trials of the publish (issue 11): the output folder must always hold the
# complete old site or the complete new one — never missing, never mixed — with the user's own
# files in it untouched. Not run in CI (about 30 minutes at 2M rows on two cores); run it after
# changing anything in Sources/LoupeCLI/Output.
#
# Usage: scripts/publish_trials.sh [--rows 2000000] [--kills 100] [--concurrent 100] [--scratch DIR]
#
# Kill trials: the folder holds site A (built from data set A) plus a note, an empty folder and a
# FIFO of the user's; `loupe build` of data set B starts and is killed with SIGKILL after a random
# time in [0, 1.1 × the build's duration]. Then the folder must be exactly A or exactly B (byte for
# byte against reference builds), or — if the kill landed between the commit and the last rename —
# hold the journal `.loupe-publish`, in which case the next build must end with a complete site.
# Concurrent trials: builds of A and of B start together into the folder; both must exit 0 and
# the folder must be exactly A or exactly B.
# LOUPE=/path/to/loupe skips the release build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS=2000000
KILLS=100
CONCURRENT=100
SCRATCH="$ROOT/scratch/publish-trials"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --kills) KILLS="$2"; shift 2 ;;
    --concurrent) CONCURRENT="$2"; shift 2 ;;
    --scratch) SCRATCH="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "${LOUPE:-}" ]; then
  (cd "$ROOT" && swift build -c release --product loupe >&2)
  LOUPE="$ROOT/.build/release/loupe"
fi
mkdir -p "$SCRATCH"
W="$(cd "$SCRATCH" && pwd)"
SITE="$W/site"

for set in a b; do
  seed=1; [ "$set" = b ] && seed=2
  [ -s "$W/$set.csv" ] || "$LOUPE" generate --kind bench --rows "$ROWS" --seed "$seed" --out "$W/$set.csv"
done

# `exec`, so that `build b &` gives the PID of loupe itself: killing a subshell would leave loupe
# running on in the background, racing the next trial.
build() { # build SET: one build of data set SET into the site folder
  exec "$LOUPE" build --data "$W/$1.csv" --task binary --label label --score a=score_a --score b=score_b \
    --baseline b --slice sex --slice race --slice region --fairness race --timestamp timestamp \
    --out "$SITE" --quiet
}

# Reference sites, built into the same path (the output does not depend on the clock).
for set in a b; do
  rm -rf "$SITE" "$W/ref-$set"
  start=$(date +%s.%N)
  (build "$set")
  end=$(date +%s.%N)
  cp -a "$SITE" "$W/ref-$set"
done
DURATION=$(echo "$end - $start" | bc)
echo "one build: ${DURATION}s" >&2

reset_site() { # the folder holds site A and the user's files
  rm -rf "$SITE"
  cp -a "$W/ref-a" "$SITE"
  echo "my notes" > "$SITE/notes.md"
  mkdir "$SITE/empty"
  mkfifo "$SITE/pipe"
}

# Prints old, new, journal (a commit awaiting the next build) or mixed:<why>.
check() {
  python3 - "$SITE" "$W/ref-a" "$W/ref-b" <<'PY'
import os, stat, sys
site, old, new = sys.argv[1:4]
user = {"notes.md", "empty", "pipe"}
names = set(os.listdir(site))
# Left by a build killed before its commit; hidden, and removed by the next build.
leftover = {n for n in names if n.startswith(".loupe-staging-") or n == ".loupe-publish.tmp"}
names -= leftover
problems = []
if open(os.path.join(site, "notes.md")).read() != "my notes\n": problems.append("notes.md changed")
if not os.path.isdir(os.path.join(site, "empty")): problems.append("empty folder gone")
if not stat.S_ISFIFO(os.lstat(os.path.join(site, "pipe")).st_mode): problems.append("FIFO gone")
def same(ref):
    want = set(os.listdir(ref))
    if names - user != want: return False
    return all(open(os.path.join(site, n), "rb").read() == open(os.path.join(ref, n), "rb").read() for n in want)
if problems: print("mixed:" + ",".join(problems))
elif same(old): print("old+leftover" if leftover else "old")
elif same(new): print("new+leftover" if leftover else "new")
elif ".loupe-publish" in names: print("journal")
else: print("mixed:" + ",".join(sorted(names)))
PY
}

declare -A KILL_OUTCOMES=()
failures=0
for i in $(seq 1 "$KILLS"); do
  reset_site
  delay=$(python3 -c "import random; print(round(random.uniform(0, 1.1 * $DURATION), 3))")
  build b & pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if kill -0 "$pid" 2>/dev/null; then echo "loupe $pid survived kill -9" >&2; exit 1; fi
  outcome=$(check)
  if [ "$outcome" = journal ]; then
    (build a)  # the next build finishes the interrupted publish first
    [ "$(check)" = old ] || outcome="mixed:after-recovery"
  elif [ "${outcome%+leftover}" != "$outcome" ]; then
    (build a)  # the next build removes what the killed one left
    [ "$(check)" = old ] || outcome="mixed:leftover-not-removed"
  fi
  KILL_OUTCOMES[$outcome]=$(( ${KILL_OUTCOMES[$outcome]:-0} + 1 ))
  case "$outcome" in mixed*) failures=$((failures + 1)); echo "kill trial $i (after ${delay}s): $outcome" >&2 ;; esac
done

declare -A CONCURRENT_OUTCOMES=()
for i in $(seq 1 "$CONCURRENT"); do
  reset_site
  build a & first=$!
  build b & second=$!
  status=0
  wait "$first" || status=$?
  wait "$second" || status=$?
  outcome=$(check)
  [ "$status" = 0 ] || outcome="exit-$status"
  CONCURRENT_OUTCOMES[$outcome]=$(( ${CONCURRENT_OUTCOMES[$outcome]:-0} + 1 ))
  case "$outcome" in old|new) ;; *) failures=$((failures + 1)); echo "concurrent trial $i: $outcome" >&2 ;; esac
done

echo "rows: $ROWS; one build: ${DURATION}s"
echo -n "kill -9 trials ($KILLS):"; for k in "${!KILL_OUTCOMES[@]}"; do echo -n " $k=${KILL_OUTCOMES[$k]}"; done; echo
echo -n "concurrent trials ($CONCURRENT):"; for k in "${!CONCURRENT_OUTCOMES[@]}"; do echo -n " $k=${CONCURRENT_OUTCOMES[$k]}"; done; echo
echo "failures: $failures"
[ "$failures" = 0 ]
