// The one wrapper every route handler goes through: parses params and query with zod, maps every
// failure to the JSON error format with the right status, and never leaks a stack trace. Routes
// stay a few lines of intent. Mutating routes (later issues) add body parsing, the CSRF check and
// the signed-in user here, in one place.
import { NextResponse } from 'next/server';
import { z, ZodError, type ZodType } from 'zod';
import { ClusterUnavailableError, UnknownClusterError } from './clusters';
import { AppError, errorBody } from './errors';

export interface RouteContext<P> {
  params: P;
  query: URLSearchParams;
  request: Request;
}

export function route<P extends Record<string, string>>(
  schema: { params: ZodType<P> },
  handler: (ctx: RouteContext<P>) => Promise<Response | unknown>,
) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const started = Date.now();
    let status = 500;
    try {
      const params = schema.params.parse(await context.params);
      const result = await handler({ params, query: new URL(request.url).searchParams, request });
      const response = result instanceof Response ? result : NextResponse.json(result);
      status = response.status;
      return response;
    } catch (err) {
      const response = toErrorResponse(err);
      status = response.status;
      return response;
    } finally {
      if (process.env.NODELANES_LOG_REQUESTS !== '0') {
        console.log(`[api] ${request.method} ${new URL(request.url).pathname} ${status} ${Date.now() - started}ms`);
      }
    }
  };
}

export function toErrorResponse(err: unknown): NextResponse {
  if (err instanceof ZodError) {
    return NextResponse.json(errorBody('invalid_request', 'The request is not valid.', z.treeifyError(err)), { status: 400 });
  }
  if (err instanceof AppError) return NextResponse.json(errorBody(err.code, err.message, err.details), { status: err.status });
  if (err instanceof UnknownClusterError) return NextResponse.json(errorBody('cluster_not_found', err.message), { status: 404 });
  if (err instanceof ClusterUnavailableError) return NextResponse.json(errorBody('cluster_unavailable', err.message), { status: 503 });
  console.error('[api] unexpected error', err);
  return NextResponse.json(errorBody('internal', 'Something went wrong on the server.'), { status: 500 });
}

/** A cluster id as it appears in URLs: a kubeconfig context name or `sandbox`. */
export const clusterParam = z.object({ cluster: z.string().min(1).max(253).regex(/^[A-Za-z0-9._@:/-]+$/, 'not a valid cluster id') });
