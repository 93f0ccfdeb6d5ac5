import { ApiRequestError } from '@/lib/client/query-client';

/** The topology could not be read: unreachable (503) or another error, with a way to try again. */
export function LoadError({ cluster, error, onRetry }: { cluster: string; error: Error; onRetry: () => void }) {
  const unavailable = error instanceof ApiRequestError && error.status === 503;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{unavailable ? `Cluster “${cluster}” is unreachable` : 'Could not load the cluster'}</p>
      <p className="mt-1">{error.message}</p>
      <button type="button" onClick={onRetry} className="mt-3 rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-800 focus-visible:outline-2">
        Try again
      </button>
    </div>
  );
}
