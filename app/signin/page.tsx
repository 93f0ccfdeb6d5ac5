import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { OIDC_PROVIDER_ID, authMode, currentUserFromHeaders, signInPageSendsBack } from '@/lib/server/auth';
import { sameOriginPath } from '@/lib/server/callback-url';
import { readServerEnv } from '@/lib/server/env';
import { signInErrorMessage } from '@/lib/server/signin-errors';
import { SignInButton } from '@/components/auth/sign-in-button';

export const dynamic = 'force-dynamic';

/** Any origin serves without NEXTAUTH_URL (the modes without sign-in): only a path is kept then. */
const PLACEHOLDER_ORIGIN = 'http://nodelanes.invalid';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only ever back into this app: anything else would make the sign-in page an open redirect.
  const callbackUrl = sameOriginPath(params.callbackUrl, readServerEnv().NEXTAUTH_URL ?? PLACEHOLDER_ORIGIN);
  // The sandbox demo and sign-in-off modes have nobody to sign in.
  if (authMode() !== 'oidc') redirect(callbackUrl);
  if (signInPageSendsBack(await currentUserFromHeaders(await headers()))) redirect(callbackUrl);

  const error = signInErrorMessage(params.error, params.reason);
  const issuer = readServerEnv().NODELANES_OIDC_ISSUER ?? '';
  let issuerHost = issuer;
  try {
    issuerHost = new URL(issuer).host;
  } catch {
    // shown as configured
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4 dark:bg-slate-950">
      <div className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          node<span className="text-sky-600">lanes</span>
        </p>
        <h1 className="mt-6 text-lg font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          You act on the cluster as yourself: what you see and can change is what the cluster&apos;s RBAC allows your user and groups.
        </p>
        {error && (
          <p role="alert" data-testid="signin-error" className="mt-4 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
            {error}
          </p>
        )}
        <div className="mt-6">
          <SignInButton providerId={OIDC_PROVIDER_ID} callbackUrl={callbackUrl} label="Sign in with your identity provider" />
        </div>
        <p className="mt-3 text-center text-xs text-slate-500">via {issuerHost}</p>
      </div>
    </main>
  );
}
