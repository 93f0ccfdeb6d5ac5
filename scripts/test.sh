#!/usr/bin/env bash
# `npm test`: every test tier that runs on a fresh machine of this project, in order of cost.
# It installs what it needs by itself (npm packages, Debian chromium, the cached control-plane
# build), so a clean clone needs nothing but Node and root/apt.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "dependencies"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# Debian packages: chromium for Playwright; prometheus for promtool (the metrics lint, the alert
# rules' checks and unit tests) and the server the history tests scrape with.
apt_updated=
apt_install() {
  # A fresh machine's package lists are empty: update first, or the package is "not found".
  [ -n "$apt_updated" ] || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/chromium ] || apt_install chromium
command -v promtool >/dev/null || apt_install --no-install-recommends prometheus
bash scripts/kube/build.sh >/dev/null   # cached after the first run (~3-7 min from nothing)
bash scripts/kube/build-probe.sh >/dev/null   # client-go probe for the real tier, cached (~2-8 min from nothing)

step "typecheck"
npx tsc --noEmit -p .

step "unit (lib/**)"
npx vitest run --project unit

step "sandbox integration (adapters, controllers, real kubectl)"
npx vitest run --project sandbox

step "real kube-apiserver 1.20 (differential suite)"
bash scripts/test-real.sh

step "production build"
# Built first, on its own: the standalone test and the dashboards Playwright starts then only
# start, well inside their start-up timeout even on a slow machine (npm start builds only when no
# build exists).
npm run build

step "standalone server (the container image's entry point)"
npx vitest run --config test/standalone/vitest.config.mts

step "end to end (Playwright, Debian chromium)"
npx playwright test
# Many clusters and replica failover: its own sandbox and dashboards (ports 3570–3579).
npx playwright test -c playwright.clusters.config.ts
# Trouble at 1,000 nodes (dense cells) and the trouble screenshots: its own 1,000-node sandbox.
npx playwright test -c playwright.scale.config.ts
# The `daily` scenario at time scale 60: the lanes show a node launched and removed on their own.
npx playwright test -c playwright.daily.config.ts

step "benchmark smoke (a small cluster: it must run, and stay within the regression guard)"
# The whole of `npm run bench` on 100 pods against the sandbox, so the benchmark never rots (its
# long convergence run is the real tier's convergence test made long, and is left out here).
# BENCH_GUARD=1: it fails outside the bounds of bench/guard.ts (only the Next server beside npm,
# its RSS, the sync after listening and the whole cold start against the paged list;
# docs/performance.md, "Regression guard"). Its browser half at the same size, two page loads and
# 2 s of 200 pod changes per second: the guard fails it when it draws no lane or its page applies
# no pod delta while the pods change (never on its timings).
bench_out=$(mktemp -d)
BENCH_GUARD=1 BENCH_CLUSTER=20x5 BENCH_SERVERS=sandbox BENCH_CONVERGENCE=0 BENCH_CHURN_SECONDS=2 \
  BENCH_NAVIGATIONS=2 BENCH_NAVIGATION_PAUSE_MS=500 BENCH_CHURN=200 BENCH_RESULTS_DIR="$bench_out" npm run --silent bench
rm -rf "$bench_out"
