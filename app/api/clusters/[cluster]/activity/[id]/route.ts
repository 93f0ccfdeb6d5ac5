import { z } from 'zod';
import { clusterParam, route } from '@/lib/server/route';
import { findActivity } from '@/lib/server/k8s/activity';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

const params = clusterParam.extend({ id: z.string().min(8).max(64).regex(/^[A-Za-z0-9._-]+$/, 'not an activity id') });

/** The record of an action (who, what, when, which objects, the cluster before), for the live view. */
export const GET = route({ params }, async ({ params, identity }) => findActivity(userApis(params.cluster, identity), params.id));
