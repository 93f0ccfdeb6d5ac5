import { NextResponse } from 'next/server';
import { listClusters } from '@/lib/server/clusters';
import { toErrorResponse } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return NextResponse.json({ clusters: listClusters() });
  } catch (err) {
    return toErrorResponse(err);
  }
}
