import { ActivityView } from '@/components/rebalance/activity-view';
import { serverPriceTable } from '@/lib/server/prices';

export const dynamic = 'force-dynamic';

export default async function ActivityPage({ params }: { params: Promise<{ cluster: string; id: string }> }) {
  const { cluster, id } = await params;
  return <ActivityView cluster={decodeURIComponent(cluster)} id={decodeURIComponent(id)} prices={serverPriceTable()} />;
}
