// Where switching cluster takes you: the same view of the other cluster where that view exists
// for any cluster (lanes, review, move, the pool lists, the create forms), with its filters kept;
// a page about one object of this cluster (a NodePool's edit page, an activity) goes to the
// nearest page that is not, since the object need not exist over there.

const GENERAL = new Set(['lanes', 'review', 'move', 'node-pools', 'nodegroups', 'node-classes/new', 'nodegroups/new']);
/** Pages about one object, and the list they belong to. */
const PARENT: Record<string, string> = { 'node-pools': 'node-pools', 'node-classes': 'node-pools', activity: 'lanes' };

export function switchClusterHref(pathname: string, search: string, to: string): string {
  const base = `/clusters/${encodeURIComponent(to)}`;
  const match = /^\/clusters\/[^/]+\/?(.*)$/.exec(pathname);
  const rest = (match?.[1] ?? '').replace(/\/+$/, '');
  if (GENERAL.has(rest)) return `${base}/${rest}${search && search !== '?' ? (search.startsWith('?') ? search : `?${search}`) : ''}`;
  const first = rest.split('/')[0];
  return `${base}/${PARENT[first] ?? 'lanes'}`;
}
