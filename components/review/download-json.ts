import type { ReviewResponse } from './review-response';

/** The review table as a JSON file (without the history and timeline, which are the page's). */
export function downloadJson(cluster: string, data: ReviewResponse) {
  const { history: _history, timeline: _timeline, ...table } = data;
  const blob = new Blob([JSON.stringify(table, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `review-${cluster}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
