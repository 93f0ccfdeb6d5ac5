import { headers } from 'next/headers';
import { earlyStreamScript } from '@/lib/client/early-stream';

/**
 * Opens the cluster's topology stream from the HTML itself, before the page's bundle has loaded;
 * useTopology takes it over (lib/client/early-stream.ts). Carries the page's CSP nonce.
 */
export async function EarlyTopologyStream({ cluster }: { cluster: string }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyStreamScript(cluster) }} />;
}
