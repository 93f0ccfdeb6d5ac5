// Next calls register() once when a server starts. `npm start` has validated the configuration
// already; this catches `next start` run directly, so a bad value still stops the server with a
// message naming the variable instead of failing on the first sign-in.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { EnvError, assertServerEnv } = await import('./lib/server/env');
  try {
    // scripts/start.ts printed the warnings already when it started this server.
    assertServerEnv(process.env, { warn: process.env.NODELANES_ENV_CHECKED !== '1' });
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(`[nodelanes] ${err.message}`);
    process.exit(2);
  }
}
