import { listenProblem } from './allowed-hosts';
import { loadClustersFile } from './clusters';
import { ClustersFileError } from './clusters-file';
import { EnvError, assertServerEnv } from './env';
import { PriceOverrideError, loadPriceTable } from './prices';

/** Stops the process on a bad configuration, printing which variables are wrong. */
export function checkServerEnvAtStart(): void {
  try {
    // scripts/start.ts printed the warnings already when it started this server.
    const env = assertServerEnv(process.env, { warn: process.env.NODELANES_ENV_CHECKED !== '1' });
    // Reachable from other machines yet answering no host name would refuse every request;
    // starting anyway would look like a broken server rather than a missing setting.
    const listen = listenProblem({ publicUrl: env.NEXTAUTH_URL, allowedHosts: env.NODELANES_ALLOWED_HOSTS, listenAddress: process.env.HOSTNAME });
    if (listen) throw new EnvError(`Invalid nodelanes configuration: ${listen}`);
    // A clusters file with a bad entry would otherwise show fewer clusters without saying why.
    if (env.NODELANES_CLUSTER === 'file') loadClustersFile(env.NODELANES_CLUSTERS_FILE ?? '');
    // A price table with a typo would otherwise show wrong costs quietly for as long as it runs.
    loadPriceTable(process.env);
  } catch (err) {
    if (!(err instanceof EnvError) && !(err instanceof PriceOverrideError) && !(err instanceof ClustersFileError)) throw err;
    console.error(`[nodelanes] ${err.message}`);
    process.exit(2);
  }
}
