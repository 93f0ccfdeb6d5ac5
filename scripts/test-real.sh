#!/usr/bin/env bash
# The real-API-server tier: starts two real kube-apiserver 1.20 control planes (+ etcd,
# controller-manager, scheduler, node stand-in) from the cached build in fresh state dirs, runs the
# tests against them, and always stops them again.
#   strict    (KUBE_REAL_DIR)      watch cache off, etcd compacted every 5 s: every old
#             resourceVersion expires within seconds; the differential suite compares the sandbox
#             with this one
#   defaults  (KUBE_DEFAULTS_DIR)  the API server's own defaults, as EKS runs it: watch cache on,
#             compaction every 5 min; the fault and convergence cases run on both
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${KUBE_REAL_DIR:-$PWD/.kube-real}
DEFAULTS_DIR=${KUBE_DEFAULTS_DIR:-$PWD/.kube-real-defaults}
for d in "$DIR" "$DEFAULTS_DIR"; do bash scripts/kube/down.sh "$d" 2>/dev/null || true; rm -rf "$d"; done
trap 'bash scripts/kube/down.sh "$DIR"; bash scripts/kube/down.sh "$DEFAULTS_DIR"' EXIT
start=$SECONDS
bash scripts/kube/up.sh "$DIR" >/dev/null
KUBE_WATCH_CACHE=true KUBE_ETCD_COMPACTION=5m bash scripts/kube/up.sh "$DEFAULTS_DIR" >/dev/null
echo "real control planes (strict, defaults) up in $((SECONDS - start)) s"
set -a; . "$DIR/env"; set +a
export KUBE_REAL_DIR="$DIR"   # the adapters test restarts the API server in it
export KUBE_DEFAULTS_DIR="$DEFAULTS_DIR"
if [ $# -gt 0 ]; then
  npx vitest run --project real "$@"
  exit
fi
# The fault and convergence cases restart both API servers many times, and a 1.20
# controller-manager can take minutes to act again after that (its endpoint-slice and ReplicaSet
# controllers were seen idle for over two minutes): they run last, so that no other case meets a
# control plane whose controllers are still catching up.
npx vitest run --project real --exclude test/real/faults.test.ts --exclude test/real/convergence.test.ts
npx vitest run --project real test/real/faults.test.ts test/real/convergence.test.ts
