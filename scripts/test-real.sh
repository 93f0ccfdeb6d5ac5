#!/usr/bin/env bash
# The real-API-server tier: starts a real kube-apiserver 1.20 (+ etcd, controller-manager,
# scheduler, node stand-in) from the cached build in a fresh state dir, runs the tests that
# compare the sandbox with it, and always stops it again.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${KUBE_REAL_DIR:-$PWD/.kube-real}
bash scripts/kube/down.sh "$DIR" 2>/dev/null || true
rm -rf "$DIR"
trap 'bash scripts/kube/down.sh "$DIR"' EXIT
start=$SECONDS
bash scripts/kube/up.sh "$DIR" >/dev/null
echo "real control plane up in $((SECONDS - start)) s"
set -a; . "$DIR/env"; set +a
export KUBE_REAL_DIR="$DIR"   # the adapters test restarts the API server in it
npx vitest run --project real "$@"
