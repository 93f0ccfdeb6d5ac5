// `npm run sandbox`: the simulated EKS Auto Mode cluster alone, until Ctrl-C.
import { startSandbox } from './sandbox';
import { outageOnSignal } from './outage-signal';

async function main() {
  const sandbox = await startSandbox({ verbose: process.env.SANDBOX_VERBOSE === '1' });
  console.log('');
  console.log('  export KUBECONFIG=' + sandbox.kubeconfigPath);
  console.log('  kubectl get nodes -L karpenter.sh/nodepool,eks.amazonaws.com/nodegroup');
  console.log('  set -a; . ' + sandbox.envPath + '; set +a   # AWS SDK / CLI → the sandbox EKS API');
  console.log('  aws eks update-kubeconfig --name sandbox --kubeconfig <file>   # then: a context over TLS, signed in with aws eks get-token');
  console.log('');
  const stopSignal = outageOnSignal(sandbox);
  const stop = async (signal: string) => {
    console.log(`[sandbox] ${signal}: stopping`);
    stopSignal();
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(`[sandbox] failed to start: ${(err as Error).message}`);
  process.exit(1);
});
