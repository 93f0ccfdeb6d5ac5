// Next calls register() once when a server starts. `npm start` has validated the configuration
// already; this catches `next start` run directly, so a bad value still stops the server with a
// message naming the variable instead of failing on the first sign-in.
export async function register() {
  // Written as Next's docs do, so the edge bundle drops the Node-only check entirely.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkServerEnvAtStart } = await import('./lib/server/env-check');
    checkServerEnvAtStart();
  }
}
