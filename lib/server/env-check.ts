import { EnvError, assertServerEnv } from './env';

/** Stops the process on a bad configuration, printing which variables are wrong. */
export function checkServerEnvAtStart(): void {
  try {
    // scripts/start.ts printed the warnings already when it started this server.
    assertServerEnv(process.env, { warn: process.env.NODELANES_ENV_CHECKED !== '1' });
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(`[nodelanes] ${err.message}`);
    process.exit(2);
  }
}
