'use client';
import { useState } from 'react';
import { signIn } from 'next-auth/react';

/** Starts the OIDC redirect (next-auth fetches a CSRF token, then sends the browser to the IdP). */
export function SignInButton({ providerId, callbackUrl, label }: { providerId: string; callbackUrl: string; label: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn(providerId, { callbackUrl }).catch(() => setBusy(false));
      }}
      className="w-full rounded-lg bg-sky-600 px-4 py-2.5 font-semibold text-white hover:bg-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
    >
      {busy ? 'Redirecting…' : label}
    </button>
  );
}
