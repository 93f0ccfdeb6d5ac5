import { NextResponse } from 'next/server';
import { errorBody } from '@/lib/server/errors';
import { metrics } from '@/lib/server/metrics/registry';
import { scrapeDecision } from '@/lib/server/metrics/scrape-token';
import { noParams, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * Prometheus metrics in the text exposition format: with NODELANES_METRICS_TOKEN's bearer token,
 * or without one on a server that listens on loopback only (scrape-token.ts).
 */
export const GET = route({ params: noParams, public: true }, async ({ request }) => {
  const decision = scrapeDecision(request.headers.get('authorization'), { token: process.env.NODELANES_METRICS_TOKEN, listenAddress: process.env['HOSTNAME'] });
  if (!decision.ok) {
    return NextResponse.json(errorBody(decision.code, decision.message), {
      status: decision.status,
      headers: decision.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="nodelanes metrics"' } : undefined,
    });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' } });
});
