// A lane's id: the one string that names a lane in the layout, in the map of NodeClaims waiting to
// join it, and in the page (the lane heading's element id). It reads `<key>=<name>`, e.g.
// `karpenter.sh/nodepool=general-purpose`; `<key>=` holds the nodes without that label, and
// `unpooled` the nodes in no pool at all.
//
// The id must parse back into its key and name (a lane that only NodeClaims are waiting for is
// drawn from its id alone), and two lanes must never share one. A Kubernetes label key cannot hold
// `=` and a value can, so the name is everything after the first `=`. A key the user types into
// "group by label key" can hold anything, though: its `=` and `%` are escaped (`%3D`, `%25`), which
// leaves every real label key's id as it reads.

export interface LaneRef {
  /** The node label that names the lane; empty for nodes in no pool. */
  key: string;
  /** The label's value; empty for the nodes without the label. */
  name: string;
}

export const UNPOOLED_LANE_ID = 'unpooled';

const escapeKey = (key: string) => key.replace(/[%=]/g, (c) => (c === '%' ? '%25' : '%3D'));
const unescapeKey = (key: string) => key.replace(/%(25|3D)/g, (_, code: string) => (code === '25' ? '%' : '='));

export function laneId({ key, name }: LaneRef): string {
  if (!key && !name) return UNPOOLED_LANE_ID;
  return `${escapeKey(key)}=${name}`;
}

/** The key and name a lane id was built from (`laneId`); an id with no `=` is the unpooled lane. */
export function parseLaneId(id: string): LaneRef {
  const eq = id.indexOf('=');
  if (eq < 0) return { key: '', name: '' };
  return { key: unescapeKey(id.slice(0, eq)), name: id.slice(eq + 1) };
}
