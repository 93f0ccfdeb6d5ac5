import { EarlyTopologyStream } from '@/components/topology/early-topology-stream';
import { LanesView } from '@/components/topology/lanes-view';
import { serverPriceTable } from '@/lib/server/prices';

export const dynamic = 'force-dynamic';

export default async function LanesPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return (
    <>
      <EarlyTopologyStream cluster={decodeURIComponent(cluster)} />
      <h1 className="mb-4 text-2xl font-semibold">Lanes</h1>
      <LanesView cluster={decodeURIComponent(cluster)} prices={serverPriceTable()} />
    </>
  );
}
