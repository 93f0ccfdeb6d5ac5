// The topology snapshot's wire form. A snapshot is mostly pods (about 95 % of its JSON at 30,000
// pods), and their fields repeat: a handful of namespaces, phases and statuses, a node name per
// 30 pods, one requests and one labels object per workload. Plain JSON spells every key and value
// out again for each pod, so serializing, gzipping and parsing work through about 380 bytes per
// pod. Here every list of objects is sent column by column, and each column as its distinct values
// plus one small index per row (a column whose values are all distinct is sent as they are, one
// holding a single value as that value). The result is still JSON, a few times smaller before
// gzip, and it is cheaper at every step: stringify and gzip on the server, gunzip and parse in the
// browser. The codec knows no field names, so a field added to the model travels without a change.
//
// A row that lacks a field (an optional one: nodeName, owner…) gets the index -1, so decoding gives
// back an object without that key rather than one holding `undefined`. Equal object values (the
// requests of one workload's pods) come back as one shared object, as the server's cache already
// shares them; the browser treats the model as immutable.
import type { TopologySnapshot } from './model';

export const SNAPSHOT_CODEC = 'nodelanes-columns/1';

/** One column: its distinct values and a row's index into them (-1: the row lacks the field). */
type Column =
  /** Every row has it, all equal. */
  | { one: unknown }
  /** Every row has it, all different: the values in row order. */
  | { all: unknown[] }
  | { values: unknown[]; rows: number[] };

/** A list of objects column by column: `n` rows, each key's column in first-seen key order. */
export interface EncodedRows {
  n: number;
  columns: Record<string, Column>;
}

type ListKey = { [K in keyof TopologySnapshot]-?: TopologySnapshot[K] extends unknown[] ? K : never }[keyof TopologySnapshot];

export interface EncodedSnapshot {
  codec: typeof SNAPSHOT_CODEC;
  /** Every field of the snapshot that is not a list, as it is. */
  head: Omit<TopologySnapshot, ListKey>;
  lists: Record<ListKey, EncodedRows>;
}

const LISTS: readonly ListKey[] = ['nodes', 'pods', 'deployments', 'nodePools', 'nodeClasses', 'nodeClaims', 'pdbs', 'events'];

function encodeColumn(rows: readonly Record<string, unknown>[], key: string): Column {
  const values: unknown[] = [];
  // Primitives are told apart by a Map itself (5 and "5" are different keys); objects by their JSON.
  const primitiveIndex = new Map<unknown, number>();
  const objectIndex = new Map<string, number>();
  // Pods of a workload share their labels and requests objects: one lookup by identity saves
  // stringifying the same object again for each of them.
  const byIdentity = new Map<object, number>();
  const indexes = new Array<number>(rows.length);
  let missing = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Object.prototype.hasOwnProperty.call(row, key) || row[key] === undefined) {
      indexes[i] = -1;
      missing = true;
      continue;
    }
    const value = row[key];
    const isObject = typeof value === 'object' && value !== null;
    let index = isObject ? byIdentity.get(value) : primitiveIndex.get(value);
    if (index === undefined) {
      const json = isObject ? JSON.stringify(value) : undefined;
      index = json === undefined ? undefined : objectIndex.get(json);
      if (index === undefined) {
        index = values.length;
        values.push(value);
        if (json === undefined) primitiveIndex.set(value, index);
        else objectIndex.set(json, index);
      }
      if (isObject) byIdentity.set(value, index);
    }
    indexes[i] = index;
  }
  if (!missing && values.length === 1) return { one: values[0] };
  if (!missing && values.length === rows.length) return { all: values };
  return { values, rows: indexes };
}

export function encodeRows(rows: readonly object[]): EncodedRows {
  return runToEnd(encodeRowsInSteps(rows));
}

/** encodeRows, pausing (yielding) after each column: a caller can give the thread back between them. */
function* encodeRowsInSteps(rows: readonly object[]): Generator<void, EncodedRows> {
  const records = rows as readonly Record<string, unknown>[];
  const keys = new Set<string>();
  for (const row of records) for (const key in row) if (row[key] !== undefined) keys.add(key);
  const columns: Record<string, Column> = {};
  for (const key of keys) {
    columns[key] = encodeColumn(records, key);
    yield;
  }
  return { n: rows.length, columns };
}

function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export function decodeRows<T>(encoded: EncodedRows): T[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < encoded.n; i++) out.push({});
  for (const [key, column] of Object.entries(encoded.columns)) {
    if ('one' in column) for (const row of out) row[key] = column.one;
    else if ('all' in column) for (let i = 0; i < out.length; i++) out[i][key] = column.all[i];
    else
      for (let i = 0; i < out.length; i++) {
        const index = column.rows[i];
        if (index >= 0) out[i][key] = column.values[index];
      }
  }
  return out as T[];
}

export function encodeSnapshot(snapshot: TopologySnapshot): EncodedSnapshot {
  return runToEnd(encodeSnapshotInSteps(snapshot));
}

/**
 * encodeSnapshot in steps of one column each (at 150,000 pods a pod column is some milliseconds
 * of work, the whole encoding a few hundred): the server makes a large snapshot's encoding in the
 * background and answers other requests between the steps.
 */
export function* encodeSnapshotInSteps(snapshot: TopologySnapshot): Generator<void, EncodedSnapshot> {
  const head: Record<string, unknown> = {};
  const lists = {} as Record<ListKey, EncodedRows>;
  for (const [key, value] of Object.entries(snapshot)) {
    if ((LISTS as readonly string[]).includes(key)) lists[key as ListKey] = yield* encodeRowsInSteps(value as object[]);
    else head[key] = value;
  }
  return { codec: SNAPSHOT_CODEC, head: head as EncodedSnapshot['head'], lists };
}

/** Throws on anything that is not this codec's output (a server of another version, a truncated body). */
export function decodeSnapshot(encoded: unknown): TopologySnapshot {
  const e = encoded as Partial<EncodedSnapshot> | null;
  if (!e || e.codec !== SNAPSHOT_CODEC || typeof e.head !== 'object' || typeof e.lists !== 'object' || !e.lists) {
    throw new Error(`not a ${SNAPSHOT_CODEC} snapshot`);
  }
  const snapshot: Record<string, unknown> = { ...e.head };
  for (const key of LISTS) {
    const rows = e.lists[key];
    if (!rows || typeof rows.n !== 'number' || typeof rows.columns !== 'object') throw new Error(`${SNAPSHOT_CODEC} snapshot without its ${key}`);
    snapshot[key] = decodeRows(rows);
  }
  return snapshot as unknown as TopologySnapshot;
}
