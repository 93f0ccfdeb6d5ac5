// Reading a list ahead, page after page, into prefetched-pages.ts: each next page is asked for as
// soon as the current one's continue token arrives. Used at process start, before the server that
// will read the pages has loaded (lib/server/prefetch-at-start.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import { fetchPageBody, pageRequest } from './list-page';
import { putPrefetchedPage, roomForMore, walkEnded, walking } from './prefetched-pages';

/** Starts reading `path` ahead in pages of `limit`; never throws (a failed page is stored as failed, for its reader). */
export function prefetchList(kc: KubeConfig, path: string, limit: number): void {
  void walk(kc, path, limit).catch(() => undefined);
}

async function walk(kc: KubeConfig, path: string, limit: number) {
  let continueToken: string | undefined;
  let lister: string | undefined;
  let previous: Promise<unknown> | undefined;
  try {
    for (;;) {
      await roomForMore();
      const request = await pageRequest(kc, path, { limit, continueToken });
      lister = request.lister;
      if (!walking(lister)) return;
      let hinted!: (token: string | undefined) => void;
      const next = new Promise<string | undefined>((resolve) => (hinted = resolve));
      const body = fetchPageBody(request, path, hinted);
      putPrefetchedPage(request.asker, lister, body);
      // Without an early hint (a server that writes the items first) the walk ends; the reader goes on by itself.
      continueToken = await Promise.race([next, body.then(() => undefined, () => undefined)]);
      if (!continueToken) return;
      // At most two pages in flight (this one and the next), so the bound on bodies held counts
      // everything asked for but one page.
      await previous?.catch(() => undefined);
      previous = body;
    }
  } finally {
    if (lister) walkEnded(lister);
  }
}
