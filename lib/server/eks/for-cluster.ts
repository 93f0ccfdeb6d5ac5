// Which EKS API (and cluster name) belongs to a cluster id. The embedded sandbox writes its EKS
// endpoint and dummy credentials to `env` beside its kubeconfig, re-read when it changes (the
// sandbox restarts on a new port); a clusters file gives each cluster its region and EKS name;
// otherwise the server's environment (EKS_CLUSTER_NAME, AWS_REGION) names one. Credentials are
// always the SDK's chain (or the sandbox's dummy keys).

import fs from 'node:fs';
import path from 'node:path';
import type { EKSClient } from '@aws-sdk/client-eks';
import { getCluster } from '../clusters';
import { awsRegion, readServerEnv, type ServerEnv } from '../env';
import { createEksClient } from './client';

export interface EksHandle {
  client: EKSClient;
  clusterName: string;
  /** The region the client calls (the eksctl command and ARNs name it). */
  region: string;
}

let cached: { key: string; handle: EksHandle | undefined } | undefined;

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** The EKS API of a cluster, or undefined when this server has none configured for it. */
export function eksFor(clusterId: string): EksHandle | undefined {
  const env = readServerEnv();
  if (env.NODELANES_CLUSTER === 'sandbox') {
    const file = path.join(path.dirname(path.resolve(env.NODELANES_SANDBOX_KUBECONFIG)), 'env');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    const key = `${file}@${stat.mtimeMs}`;
    if (cached?.key === key) return cached.handle;
    const vars = parseEnvFile(fs.readFileSync(file, 'utf8'));
    const sandboxEnv = readServerEnv({ ...process.env, ...vars });
    const handle = sandboxEnv.EKS_CLUSTER_NAME ? { client: createEksClient(sandboxEnv), clusterName: sandboxEnv.EKS_CLUSTER_NAME, region: awsRegion(sandboxEnv) } : undefined;
    cached = { key, handle };
    return handle;
  }
  // A clusters file names each cluster's region and EKS name; credentials stay the server's chain.
  const fromFile = env.NODELANES_CLUSTER === 'file' ? getCluster(clusterId)?.eks : undefined;
  if (fromFile) return fileHandle(env, fromFile);
  if (env.NODELANES_CLUSTER === 'file') return undefined;
  // Otherwise one EKS cluster per server: EKS_CLUSTER_NAME in AWS_REGION.
  if (!env.EKS_CLUSTER_NAME) return undefined;
  return { client: createEksClient(env), clusterName: env.EKS_CLUSTER_NAME, region: awsRegion(env) };
}

/** One client per region and name, made once: an EKSClient keeps its connections and credentials. */
const fileClients = new Map<string, EksHandle>();

function fileHandle(env: ServerEnv, eks: { region: string; clusterName: string }): EksHandle {
  const key = `${eks.region}/${eks.clusterName}`;
  let handle = fileClients.get(key);
  if (!handle) {
    handle = { client: createEksClient({ ...env, AWS_REGION: eks.region }), clusterName: eks.clusterName, region: eks.region };
    fileClients.set(key, handle);
  }
  return handle;
}
