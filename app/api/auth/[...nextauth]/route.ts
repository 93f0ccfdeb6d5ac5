import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authMode, authOptions } from '@/lib/server/auth';
import { errorBody } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's endpoints (sign-in, OIDC callback, sign-out, session, CSRF token). Only in OIDC
 * mode: the sandbox demo and sign-in-off modes have no sessions, and a dormant sign-in endpoint
 * would only be attack surface.
 */
async function handler(request: Request, context: Context): Promise<Response> {
  if (authMode() !== 'oidc') return NextResponse.json(errorBody('not_found', 'Sign-in is not enabled on this server.'), { status: 404 });
  return NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
