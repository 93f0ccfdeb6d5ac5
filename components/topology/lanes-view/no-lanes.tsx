/** No lane to draw: the filters hide every node, or the cluster has none. */
export function NoLanes({ filtering }: { filtering: boolean }) {
  return (
    <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">{filtering ? 'No nodes match these filters.' : 'This cluster has no nodes.'}</p>
  );
}
