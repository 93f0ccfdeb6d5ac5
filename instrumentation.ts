// Next calls register() once when a server starts. `npm start` has validated the configuration
// already; this catches `next start` run directly, so a bad value still stops the server with a
// message naming the variable instead of failing on the first sign-in. A production server then
// starts its default cluster's informers and renders its first pages for itself
// (lib/server/prewarm.ts), so no user meets a cold renderer; NODELANES_PREWARM=0 turns that off.
// Every server also starts its drain resumer (lib/server/drain-resumer.ts).
export async function register() {
  // Written as Next's docs do, so the edge bundle drops the Node-only check entirely.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkServerEnvAtStart } = await import('./lib/server/env-check');
    checkServerEnvAtStart();
    if (process.env.NODE_ENV === 'production' && process.env.NODELANES_SYNC_AT_START !== '0') {
      // The default cluster's list is the longest wait a first page has: it starts now, while Next
      // finishes starting, rather than on the first request (at 30,000 pods it is most of a cold start).
      const [{ startTopology }, { defaultClusterId }] = await Promise.all([import('./lib/server/topology-hub'), import('./lib/server/clusters')]);
      const first = defaultClusterId();
      if (first) startTopology(first);
    }
    // Drains whose runner died with a previous server are continued, paused or ended from here.
    const { startDrainResumer } = await import('./lib/server/drain-resumer');
    startDrainResumer();
    if (process.env.NODE_ENV === 'production' && process.env.NODELANES_PREWARM !== '0') {
      const [{ ownBase, prewarm, prewarmPaths }, { allowedHostNames }, { readServerEnv }] = await Promise.all([
        import('./lib/server/prewarm'),
        import('./lib/server/allowed-hosts'),
        import('./lib/server/env'),
      ]);
      const env = readServerEnv();
      // Asked by a name the server answers (its first allowed one), through its own address.
      const [host] = allowedHostNames({ publicUrl: env.NEXTAUTH_URL, allowedHosts: env.NODELANES_ALLOWED_HOSTS, listenAddress: process.env.HOSTNAME });
      void prewarm(prewarmPaths(), { base: ownBase(), host });
    }
  }
}
