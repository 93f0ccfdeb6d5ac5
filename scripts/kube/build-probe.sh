#!/usr/bin/env bash
# Builds kube-probe (scripts/kube/probe/*.go) with the client-go, k8s.io/api and apimachinery
# vendored in Debian's `kubernetes` 1.20 source package, the same tree build.sh builds the API
# server from, so it needs no module download. Cached in $KUBE_CACHE/bin/kube-probe, keyed on a
# hash of the probe's Go files: rebuilt only when they change. Needs root (apt-get source) on a
# fresh machine. Prints the binary's path. From nothing about 100 s of CPU (4-8 min on a busy
# 2-core machine), after a change to the probe 15-40 s (Go's build cache), then instant.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KUBE_CACHE:-$HOME/.cache/kube-1.20}
OUT=$CACHE/bin/kube-probe
mkdir -p "$CACHE/bin"

key=$(cd "$HERE/probe" && sha256sum $(ls *.go | LC_ALL=C sort) | sha256sum | cut -c1-16)
current() { [ -x "$OUT" ] && [ "$(cat "$OUT.key" 2>/dev/null)" = "$key" ]; }
if current; then echo "$OUT"; exit 0; fi

# One build at a time: two test runs starting together would share the work tree below.
exec 9>"$CACHE/probe.lock"
flock 9
if current; then echo "$OUT"; exit 0; fi

export DEBIAN_FRONTEND=noninteractive
if ! command -v go >/dev/null || ! command -v dpkg-source >/dev/null || [ ! -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]; then
  # What build.sh installs (it normally ran first): Go 1.19, dpkg-dev, reflect2 1.0.2, deb-src.
  SRC=/etc/apt/sources.list.d/debian.sources
  if [ -f "$SRC" ] && ! grep -q '^Types:.*deb-src' "$SRC"; then sed -i 's/^Types: deb$/Types: deb deb-src/' "$SRC"; fi
  apt-get update -qq >&2
  apt-get install -y -qq golang-go dpkg-dev golang-github-modern-go-reflect2-dev >&2
fi

# A fixed path, so Go's build cache (~/.cache/go-build) serves client-go again on a rebuild.
work=$CACHE/probe-src
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT   # the sources are about 280 MiB
if ! (cd "$work" && apt-get source -qq kubernetes >&2 2>/dev/null); then
  apt-get update -qq >&2
  (cd "$work" && apt-get source -qq kubernetes >&2)
fi
tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n 1)
# The vendored reflect2 1.0.1 crashes at run time under Go >= 1.18 (json-iterator uses it).
rm -rf "$tree/vendor/github.com/modern-go/reflect2"
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 "$tree/vendor/github.com/modern-go/reflect2"

# GOPATH mode: inside k8s.io/kubernetes, imports resolve through its vendor/ (whose k8s.io
# entries link to staging/).
mkdir -p "$tree/.go/src/k8s.io" "$tree/cmd/kube-probe"
ln -sfn ../../.. "$tree/.go/src/k8s.io/kubernetes"
cp "$HERE"/probe/*.go "$tree/cmd/kube-probe/"
(
  cd "$tree/.go/src/k8s.io/kubernetes"
  export GOPATH=$tree/.go GO111MODULE=off CGO_ENABLED=0
  go build -o "$OUT.tmp" ./cmd/kube-probe >&2
)
mv "$OUT.tmp" "$OUT"
echo "$key" > "$OUT.key"
echo "$OUT"
