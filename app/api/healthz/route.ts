import { noParams, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Liveness: the process serves requests. No cluster call, so a cluster outage never restarts the pod. */
export const GET = route({ params: noParams, public: true }, async () => ({ status: 'ok' }));
