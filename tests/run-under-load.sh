#!/usr/bin/env bash
# Runs the whole test suite while every core is kept busy by other work (issue #18): the suite must
# pass on a loaded machine, as CI on a shared machine and a laptop doing other things are.
#   bash tests/run-under-load.sh [runs=3] [spinners=number of cores] [command…]
# The command defaults to the suite (`npx vitest run` after one `npm run build`); `bash .ci/run`
# in a fresh clone runs CI itself under load. Each spinner is a `node -e 'for(;;){}'` bounded by
# `timeout` (at most 90 minutes) and stopped when this script ends, however it ends. Prints each
# run's duration and result; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
spinners=${2:-$(nproc)}
shift $(( $# < 2 ? $# : 2 ))
command=("$@")
pids=()
stop_spinners() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_spinners EXIT INT TERM

mkdir -p tests/artifacts
if [ ${#command[@]} -eq 0 ]; then
  npm run build >/dev/null || exit 1
  command=(npx vitest run --reporter=dot)
fi
for _ in $(seq "$spinners"); do
  timeout 5400 node -e 'for(;;){}' &
  pids+=($!)
done
echo "load: $spinners busy-loop processes on $(nproc) cores; command: ${command[*]}"

failed=0
for run in $(seq "$runs"); do
  log="tests/artifacts/under-load-$run.log"
  started=$(date +%s)
  if "${command[@]}" >"$log" 2>&1 </dev/null; then result=passed; else result=FAILED; failed=1; fi
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -a -E "^ +Tests |^[0-9]+ passed, [0-9]+ failed" | tail -1 | tr -s ' ')
  echo "run $run: $result in $(( $(date +%s) - started )) s, load average $(cut -d' ' -f1-3 /proc/loadavg); $summary"
done
exit $failed
