import { NextResponse } from 'next/server';
import { readiness } from '@/lib/server/metrics/readiness';
import { noParams, route } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** 200 once the default cluster's informers have synced; 503 saying which kinds have not yet. */
export const GET = route({ params: noParams, public: true }, async () => {
  const { ready, body } = readiness();
  return NextResponse.json(body, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
});
