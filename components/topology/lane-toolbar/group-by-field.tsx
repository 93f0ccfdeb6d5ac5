import { useEffect, useState } from 'react';
import { GROUPINGS, groupingOf } from '@/lib/domain/lane-view';
import { field, labelText } from './fields';

/**
 * The grouping: a known one from the list, or "Label key…" and a key typed beside it, suggested
 * from the keys on the cluster's nodes. The URL changes only once there is a key to group by.
 */
export function GroupByField({ group, onGroup, labelKeys }: { group: string; onGroup: (group: string) => void; labelKeys: { key: string; nodes: number }[] }) {
  const grouping = groupingOf(group);
  const custom = grouping.id.startsWith('label:');
  const [labelKey, setLabelKey] = useState(custom ? grouping.key : '');
  // "Label key…" chosen but no key typed yet: nothing to group by, so the URL waits for the key.
  const [askingKey, setAskingKey] = useState(false);
  useEffect(() => {
    if (custom) setLabelKey(grouping.key);
  }, [custom, grouping.key]);
  return (
    <>
      <label className="flex flex-col gap-1">
        <span className={labelText}>Group by</span>
        <select
          data-testid="group-by"
          className={field}
          value={custom || askingKey ? 'label:' : grouping.id}
          onChange={(e) => {
            if (e.target.value === 'label:') {
              if (labelKey) onGroup(`label:${labelKey}`);
              else setAskingKey(true);
            } else {
              setAskingKey(false);
              onGroup(e.target.value);
            }
          }}
        >
          {GROUPINGS.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
          <option value="label:">Label key…</option>
        </select>
      </label>
      {(custom || askingKey) && (
        <label className="flex flex-col gap-1">
          <span className={labelText}>Label key</span>
          <input
            data-testid="group-label-key"
            list="node-label-keys"
            className={field}
            value={labelKey}
            placeholder="e.g. workload"
            autoFocus={askingKey}
            onChange={(e) => setLabelKey(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && labelKey.trim()) onGroup(`label:${labelKey.trim()}`);
            }}
            onBlur={() => labelKey.trim() && labelKey.trim() !== grouping.key && onGroup(`label:${labelKey.trim()}`)}
          />
          {/* The keys the cluster's nodes carry, the most common first. */}
          <datalist id="node-label-keys">
            {labelKeys.map(({ key, nodes }) => (
              <option key={key} value={key} label={`${nodes} ${nodes === 1 ? 'node' : 'nodes'}`} />
            ))}
          </datalist>
        </label>
      )}
    </>
  );
}
