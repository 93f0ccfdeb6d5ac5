import { headers } from 'next/headers';
import { earlyStreamScript } from '@/lib/client/early-stream';

/**
 * Opens the cluster's topology stream from the HTML itself, before the page's bundle has loaded;
 * useTopology takes it over (lib/client/early-stream.ts). Carries the page's CSP nonce.
 *
 * An inline module with `async`: it runs as soon as the parser reaches it. A classic inline script
 * would first wait for the page's stylesheet to load (as every parser-blocking script after one
 * does), and under load that held the stream back by 0.1–0.5 s after the HTML had arrived.
 */
export async function EarlyTopologyStream({ cluster }: { cluster: string }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script type="module" async nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyStreamScript(cluster) }} />;
}
