/** The session ended (expired, or signed out in another tab): say so rather than show an error. */
export function SignedOut() {
  const here = typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`;
  return (
    <div role="alert" data-testid="signed-out" className="rounded-lg border border-slate-200 bg-slate-50 p-6 text-sm dark:border-slate-800 dark:bg-slate-900">
      <p className="font-semibold">Your session has ended</p>
      <p className="mt-1 text-slate-600 dark:text-slate-300">Sign in again to keep following the cluster.</p>
      <a href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className="mt-3 inline-block rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 focus-visible:outline-2">
        Sign in
      </a>
    </div>
  );
}
