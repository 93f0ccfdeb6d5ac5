import { NextResponse } from 'next/server';
import { errorBody } from '@/lib/server/errors';
import { metrics } from '@/lib/server/metrics/registry';
import { scrapeAllowed } from '@/lib/server/metrics/scrape-token';
import { noParams, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Prometheus metrics in the text exposition format; a bearer token only if NODELANES_METRICS_TOKEN is set. */
export const GET = route({ params: noParams, public: true }, async ({ request }) => {
  if (!scrapeAllowed(request.headers.get('authorization'))) {
    return NextResponse.json(errorBody('unauthenticated', 'Send the metrics token: Authorization: Bearer <NODELANES_METRICS_TOKEN>.'), {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="nodelanes metrics"' },
    });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' } });
});
