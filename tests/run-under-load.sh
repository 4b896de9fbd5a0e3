#!/usr/bin/env bash
# Runs the whole test suite while every core is kept busy by other work (issue #18): the suite must
# pass on a loaded machine, as CI on a shared machine and a laptop doing other things are.
#   bash tests/run-under-load.sh [runs=3] [spinners=number of cores]
# Each spinner is a `node -e 'for(;;){}'` bounded by `timeout` (at most 90 minutes) and stopped when
# this script ends, however it ends. Prints each run's duration and result; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
spinners=${2:-$(nproc)}
pids=()
stop_spinners() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_spinners EXIT INT TERM

mkdir -p tests/artifacts
npm run build >/dev/null || exit 1
for _ in $(seq "$spinners"); do
  timeout 5400 node -e 'for(;;){}' &
  pids+=($!)
done
echo "load: $spinners busy-loop processes on $(nproc) cores"

failed=0
for run in $(seq "$runs"); do
  started=$(date +%s)
  if npx vitest run --reporter=dot >"tests/artifacts/under-load-$run.log" 2>&1; then result=passed; else result=FAILED; failed=1; fi
  summary=$(grep -a -E "^ +Tests " "tests/artifacts/under-load-$run.log" | tail -1 | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' ')
  echo "run $run: $result in $(( $(date +%s) - started )) s, load average $(cut -d' ' -f1-3 /proc/loadavg) —$summary"
done
exit $failed
