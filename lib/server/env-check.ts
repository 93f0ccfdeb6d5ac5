import { EnvError, assertServerEnv } from './env';
import { PriceOverrideError, loadPriceTable } from './prices';

/** Stops the process on a bad configuration, printing which variables are wrong. */
export function checkServerEnvAtStart(): void {
  try {
    // scripts/start.ts printed the warnings already when it started this server.
    assertServerEnv(process.env, { warn: process.env.NODELANES_ENV_CHECKED !== '1' });
    // A price table with a typo would otherwise show wrong costs quietly for as long as it runs.
    loadPriceTable(process.env);
  } catch (err) {
    if (!(err instanceof EnvError) && !(err instanceof PriceOverrideError)) throw err;
    console.error(`[nodelanes] ${err.message}`);
    process.exit(2);
  }
}
