# The nodelanes image: Next's standalone server (next.config.js `output: 'standalone'`) on
# node:20-slim, run as uid 10001 — the user deploy/ runs it as, with a read-only root filesystem.
#   docker build -t <registry>/nodelanes:<tag> .
# Multi-arch (Graviton nodes too): docker buildx build --platform linux/amd64,linux/arm64 …;
# each platform's npm ci fetches its own Next compiler and image libraries.

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Built in /app, the directory it runs from: the trace and the server's manifests name it.
RUN npm run build

FROM node:20-slim
WORKDIR /app
# HOSTNAME=0.0.0.0: every address, for the Service and the probes. The server then answers only
# the host of NEXTAUTH_URL and NODELANES_ALLOWED_HOSTS (DNS rebinding), and stops at start,
# saying so, when neither is set; /api/healthz and /api/readyz answer any Host.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NODELANES_CLUSTER=in-cluster \
    MALLOC_ARENA_MAX=2
RUN groupadd --system --gid 10001 nodelanes \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin nodelanes
# server.js and the node_modules files it needs; the browser's assets beside it, where
# server.js serves them from. Owned by root: the server reads its files, never writes them.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
USER 10001:10001
EXPOSE 3000
# The preload starts reading the cluster while Next loads (lib/server/prefetch-at-start.ts).
# MALLOC_ARENA_MAX=2 (above): glibc gives each thread that allocates (zlib's compression in
# libuv's pool, the list worker) an arena of its own, up to eight per core, and memory freed in
# one is not handed back while any of it is in use: 40–45 MiB less resident after churn at
# 30,000 pods (docs/performance.md).
# A young generation of at most 8 MiB a half instead of V8's 16: the first lists are parsed in a
# worker, so the server's own allocations are short-lived answers, and the smaller nursery kept
# 10 MiB less resident at 30,000 pods with no measurable cost to the start (docs/performance.md).
# The old generation may grow to 1.5× what the last full collection left live, where V8 lets a
# heap that collects fast grow up to 4×: answers' garbage (each GET topology serializes the whole
# snapshot) filled 300 MiB of old space beside 80 MiB live at 30,000 pods before it was collected.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "--import", "./nodelanes-preload.mjs", "server.js"]
