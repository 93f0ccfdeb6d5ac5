// Server-side printing: the `Table` kubectl asks for (Accept `as=Table`), with the real
// apiserver's columns per kind and cells already formatted (kubectl prints only NAME/AGE otherwise).
import type { KObject } from '../store';
import { formatLabelSelector, fromLabelSelectorObject } from '@/lib/domain/label-selector';
import type { ResourceDef } from './registry';
import { crds } from '../crds';
import { cellOf, compileJsonPath } from './crd-columns';
import { hpaTargets } from '@/lib/domain/hpa-targets';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description?: string;
  /** null: no value (kubectl prints `<none>`). */
  cell: (o: KObject, now: Date) => string | number | boolean | null;
}

const col = (name: string, cell: Column['cell'], extra: Partial<Column> = {}): Column => ({ name, type: 'string', cell, ...extra });
const wide = (name: string, cell: Column['cell']): Column => col(name, cell, { priority: 1 });
const nameCol = col('Name', (o) => o.metadata.name, { format: 'name', description: 'Name must be unique within a namespace.' });

/** kubectl's human duration: 19s, 5m12s, 3h4m, 2d3h, 400d. */
export function humanAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const secs = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (secs < 120) return `${secs}s`;
  const mins = Math.floor(secs / 60);
  if (mins < 10) return `${mins}m${secs % 60 ? `${secs % 60}s` : ''}`;
  if (mins < 180) return `${mins}m`;
  const hours = Math.floor(mins / 60);
  if (hours < 8) return `${hours}h${mins % 60 ? `${mins % 60}m` : ''}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return `${days}d${hours % 24 ? `${hours % 24}h` : ''}`;
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

const age = col('Age', (o, now) => humanAge(o.metadata.creationTimestamp, now), { description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' });
const joinOr = (list: string[], none = '<none>') => (list.length ? list.join(',') : none);
const cond = (o: KObject, type: string) => (o.status?.conditions ?? []).find((c: { type: string }) => c.type === type);

function nodeStatus(n: KObject): string {
  const ready = cond(n, 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (n.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(n: KObject): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
  return joinOr(roles.sort());
}

type PodContainerStatus = {
  state?: Record<string, { reason?: string; signal?: number; exitCode?: number }>;
  lastState?: { terminated?: { finishedAt?: string } };
  ready?: boolean;
  restartCount?: number;
};
const containerStatuses = (p: KObject) => (p.status?.containerStatuses ?? []) as PodContainerStatus[];
const isTerminalPhase = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

/** The STATUS column of `kubectl get pods`, following the printer's precedence. */
export function podStatus(p: KObject): string {
  let reason: string = p.status?.reason ?? p.status?.phase ?? 'Unknown';
  let running = false;
  for (const c of [...containerStatuses(p)].reverse()) {
    const waiting = c.state?.waiting;
    const terminated = c.state?.terminated;
    if (waiting?.reason) reason = waiting.reason;
    else if (terminated?.reason) reason = terminated.reason;
    else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    else if (c.state?.running && c.ready) running = true;
  }
  if (reason === 'Completed' && running) reason = cond(p, 'Ready')?.status === 'True' ? 'Running' : 'NotReady';
  if (p.metadata.deletionTimestamp && p.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (p.metadata.deletionTimestamp && !isTerminalPhase(p.status?.phase)) reason = 'Terminating';
  return reason;
}

/** READY counts the containers that are ready and running. */
export function podReady(p: KObject): string {
  const total = (p.spec?.containers ?? []).length;
  return `${containerStatuses(p).filter((c) => c.ready && c.state?.running).length}/${total}`;
}

/** RESTARTS: the sum of restarts, and how long ago the latest container ended: `3 (20s ago)`. */
export function podRestarts(p: KObject, now: Date): string {
  let restarts = 0;
  let last = '';
  for (const c of containerStatuses(p)) {
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished && (!last || Date.parse(finished) > Date.parse(last))) last = finished;
  }
  return restarts && last ? `${restarts} (${humanAge(last, now)} ago)` : String(restarts);
}

const containers = (tpl: KObject | undefined) => joinOr(((tpl?.spec?.containers ?? []) as { name: string }[]).map((c) => c.name));
const images = (tpl: KObject | undefined) => joinOr(((tpl?.spec?.containers ?? []) as { image: string }[]).map((c) => c.image));
function selector(o: KObject): string {
  try {
    return formatLabelSelector(fromLabelSelectorObject(o.spec?.selector ?? {})) || '<none>';
  } catch {
    return '<invalid>';
  }
}

function eventObject(e: KObject): string {
  const io = e.involvedObject ?? e.regarding ?? {};
  return `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`;
}

function lastSeen(e: KObject, now: Date): string {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return humanAge(t, now);
}

// Kinds without a printer of their own (Roles, ClusterRoles) get the generic Name / Created At.
const createdAt = col('Created At', (o) => o.metadata.creationTimestamp ?? '', { type: 'date', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' });

function bindingColumns(what: string): Column[] {
  const subjects = (o: KObject, kind: string) =>
    ((o.subjects ?? []) as { kind: string; name: string; namespace?: string }[])
      .filter((s) => s.kind === kind)
      .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
      .join(', ');
  return [
    nameCol,
    col('Role', (o) => `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, { description: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.' }),
    age,
    col('Users', (o) => subjects(o, 'User'), { priority: 1, description: `Users in the ${what}` }),
    col('Groups', (o) => subjects(o, 'Group'), { priority: 1, description: `Groups in the ${what}` }),
    col('ServiceAccounts', (o) => subjects(o, 'ServiceAccount'), { priority: 1, description: `ServiceAccounts in the ${what}` }),
  ];
}

/** How kubectl shows a Service's ports: `80/TCP`, with the node port `80:30112/TCP`. */
function servicePorts(svc: KObject): string {
  const ports = (svc.spec?.ports ?? []) as { port: number; protocol?: string; nodePort?: number }[];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function externalIP(svc: KObject): string {
  const external = (svc.spec?.externalIPs ?? []) as string[];
  switch (svc.spec?.type) {
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    case 'LoadBalancer': {
      const ingress = ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    default:
      return external.length ? external.join(',') : '<none>';
  }
}

const mapSelector = (m: Record<string, string> | undefined) =>
  joinOr(
    Object.keys(m ?? {})
      .sort()
      .map((k) => `${k}=${m![k]}`),
  );

/** At most three addresses, then ` + N more...`, as the printer cuts long endpoint lists. */
function firstThree(list: string[], empty: string): string {
  if (list.length === 0) return empty;
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

function endpointAddresses(ep: KObject): string {
  const out: string[] = [];
  for (const ss of (ep.subsets ?? []) as { addresses?: { ip: string }[]; ports?: { port: number }[] }[]) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports?.length) out.push(...addresses.map((a) => a.ip));
    else for (const port of ss.ports) out.push(...addresses.map((a) => `${a.ip.includes(':') ? `[${a.ip}]` : a.ip}:${port.port}`));
  }
  return firstThree(out, '<none>');
}

function sliceEndpoints(slice: KObject): string {
  const addresses = ((slice.endpoints ?? []) as { addresses?: string[] }[]).flatMap((e) => e.addresses ?? []);
  return firstThree(addresses, '<unset>');
}

function slicePorts(slice: KObject): string {
  const ports = (slice.ports ?? []) as { port?: number }[];
  if (ports.length === 0) return '<unset>';
  return ports.map((p) => (p.port === undefined ? '<unset>' : String(p.port))).join(',');
}

function jobCompletions(job: KObject): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec?.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: KObject, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime;
  return humanAge(start, end ? new Date(Date.parse(end)) : now);
}

/** kubectl's short forms of access modes: RWO, ROX, RWX, RWOP. */
const ACCESS_MODE_SHORT: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
const accessModes = (modes: string[]) => modes.map((m) => ACCESS_MODE_SHORT[m] ?? m).join(',');
const count = (o: unknown) => (o && typeof o === 'object' ? Object.keys(o).length : 0);

const COLUMNS: Record<string, Column[]> = {
  nodes: [
    nameCol,
    col('Status', nodeStatus),
    col('Roles', nodeRoles),
    age,
    col('Version', (n) => n.status?.nodeInfo?.kubeletVersion ?? ''),
    wide('Internal-IP', (n) => n.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '<none>'),
    wide('External-IP', (n) => n.status?.addresses?.find((a: { type: string }) => a.type === 'ExternalIP')?.address ?? '<none>'),
    wide('OS-Image', (n) => n.status?.nodeInfo?.osImage ?? '<unknown>'),
    wide('Kernel-Version', (n) => n.status?.nodeInfo?.kernelVersion ?? '<unknown>'),
    wide('Container-Runtime', (n) => n.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>'),
  ],
  pods: [
    nameCol,
    col('Ready', podReady),
    col('Status', podStatus),
    col('Restarts', podRestarts),
    age,
    wide('IP', (p) => p.status?.podIP ?? '<none>'),
    wide('Node', (p) => p.spec?.nodeName ?? '<none>'),
    wide('Nominated Node', (p) => p.status?.nominatedNodeName ?? '<none>'),
    wide('Readiness Gates', (p) => (p.spec?.readinessGates?.length ? `0/${p.spec.readinessGates.length}` : '<none>')),
  ],
  namespaces: [nameCol, col('Status', (n) => n.status?.phase ?? 'Active'), age],
  'apps/deployments': [
    nameCol,
    col('Ready', (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`),
    col('Up-to-date', (d) => d.status?.updatedReplicas ?? 0),
    col('Available', (d) => d.status?.availableReplicas ?? 0),
    age,
    wide('Containers', (d) => containers(d.spec?.template)),
    wide('Images', (d) => images(d.spec?.template)),
    wide('Selector', selector),
  ],
  'apps/replicasets': [
    nameCol,
    col('Desired', (r) => r.spec?.replicas ?? 0, { type: 'integer' }),
    col('Current', (r) => r.status?.replicas ?? 0, { type: 'integer' }),
    col('Ready', (r) => r.status?.readyReplicas ?? 0, { type: 'integer' }),
    age,
    wide('Containers', (r) => containers(r.spec?.template)),
    wide('Images', (r) => images(r.spec?.template)),
    wide('Selector', selector),
  ],
  'apps/daemonsets': [
    nameCol,
    col('Desired', (d) => d.status?.desiredNumberScheduled ?? 0, { type: 'integer' }),
    col('Current', (d) => d.status?.currentNumberScheduled ?? 0, { type: 'integer' }),
    col('Ready', (d) => d.status?.numberReady ?? 0, { type: 'integer' }),
    col('Up-to-date', (d) => d.status?.updatedNumberScheduled ?? 0, { type: 'integer' }),
    col('Available', (d) => d.status?.numberAvailable ?? 0, { type: 'integer' }),
    col('Node Selector', (d) => joinOr(Object.entries(d.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`))),
    age,
    wide('Containers', (d) => containers(d.spec?.template)),
    wide('Images', (d) => images(d.spec?.template)),
    wide('Selector', selector),
  ],
  events: [
    col('Last Seen', lastSeen),
    col('Type', (e) => e.type ?? ''),
    col('Reason', (e) => e.reason ?? ''),
    col('Object', eventObject),
    wide('Subobject', (e) => e.involvedObject?.fieldPath ?? ''),
    wide('Source', (e) => [e.source?.component ?? e.reportingComponent ?? '', e.source?.host].filter(Boolean).join(', ')),
    col('Message', (e) => e.message ?? e.note ?? ''),
    wide('First Seen', (e, now) => humanAge(e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp, now)),
    wide('Count', (e) => String(e.count ?? 1)),
    wide('Name', (e) => e.metadata.name),
  ],
  'autoscaling/horizontalpodautoscalers': [
    nameCol,
    col('Reference', (h) => `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`),
    col('Targets', (h) => hpaTargets(h.spec?.metrics, h.status?.currentMetrics)),
    col('MinPods', (h) => (h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>')),
    col('MaxPods', (h) => h.spec?.maxReplicas ?? 0),
    col('Replicas', (h) => h.status?.currentReplicas ?? 0),
    age,
  ],
  'policy/poddisruptionbudgets': [
    nameCol,
    col('Min Available', (p) => (p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A')),
    col('Max Unavailable', (p) => (p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A')),
    col('Allowed Disruptions', (p) => p.status?.disruptionsAllowed ?? 0, { type: 'integer' }),
    age,
  ],
  services: [
    nameCol,
    col('Type', (s) => s.spec?.type ?? 'ClusterIP'),
    col('Cluster-IP', (s) => s.spec?.clusterIP || '<none>'),
    col('External-IP', externalIP),
    col('Port(s)', servicePorts),
    age,
    wide('Selector', (s) => mapSelector(s.spec?.selector)),
  ],
  endpoints: [nameCol, col('Endpoints', endpointAddresses), age],
  persistentvolumeclaims: [
    nameCol,
    col('Status', (c) => c.status?.phase ?? 'Pending'),
    col('Volume', (c) => c.spec?.volumeName ?? ''),
    col('Capacity', (c) => c.status?.capacity?.storage ?? ''),
    col('Access Modes', (c) => accessModes(c.status?.accessModes ?? [])),
    col('StorageClass', (c) => c.spec?.storageClassName ?? ''),
    col('VolumeAttributesClass', (c) => c.spec?.volumeAttributesClassName ?? '<unset>'),
    age,
    wide('VolumeMode', (c) => c.spec?.volumeMode ?? 'Filesystem'),
  ],
  configmaps: [nameCol, col('Data', (c) => count(c.data) + count(c.binaryData)), age],
  secrets: [nameCol, col('Type', (s) => s.type ?? ''), col('Data', (s) => count(s.data)), age],
  serviceaccounts: [nameCol, col('Secrets', (s) => (Array.isArray(s.secrets) ? s.secrets.length : 0)), age],
  'apps/statefulsets': [
    nameCol,
    col('Ready', (s) => `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`),
    age,
    wide('Containers', (s) => containers(s.spec?.template)),
    wide('Images', (s) => images(s.spec?.template)),
  ],
  'batch/jobs': [
    nameCol,
    col('Completions', jobCompletions),
    col('Duration', jobDuration),
    age,
    wide('Containers', (j) => containers(j.spec?.template)),
    wide('Images', (j) => images(j.spec?.template)),
    wide('Selector', selector),
  ],
  'batch/cronjobs': cronJobColumns(false),
  'discovery.k8s.io/endpointslices': [nameCol, col('AddressType', (s) => s.addressType ?? ''), col('Ports', slicePorts), col('Endpoints', sliceEndpoints), age],
  'scheduling.k8s.io/priorityclasses': [
    nameCol,
    col('Value', (p) => p.value ?? 0, { type: 'integer' }),
    col('Global-Default', (p) => p.globalDefault === true, { type: 'boolean' }),
    age,
    col('PreemptionPolicy', (p) => p.preemptionPolicy ?? ''),
  ],
  'coordination.k8s.io/leases': [nameCol, col('Holder', (l) => l.spec?.holderIdentity ?? ''), age],
  'apiextensions.k8s.io/customresourcedefinitions': [nameCol, createdAt],
  'rbac.authorization.k8s.io/roles': [nameCol, createdAt],
  'rbac.authorization.k8s.io/clusterroles': [nameCol, createdAt],
  'rbac.authorization.k8s.io/rolebindings': bindingColumns('roleBinding'),
  'rbac.authorization.k8s.io/clusterrolebindings': bindingColumns('clusterRoleBinding'),
};

const DEFAULT_COLUMNS: Column[] = [nameCol, age];

/** A custom resource's columns: its CRD's printer columns after Name, or Name and Created At. */
function crdColumns(storage: string): Column[] | undefined {
  const crd = crds().get(storage);
  if (!crd) return undefined;
  const printed = crd.spec.versions.find((v) => v.storage)?.additionalPrinterColumns;
  if (!printed?.length) return [nameCol, createdAt];
  return [
    nameCol,
    ...printed.map((c) => {
      const read = compileJsonPath(c.jsonPath);
      return col(c.name, (o, now) => cellOf(c.type, read(o), (ts) => humanAge(ts, now)), { type: c.type, format: c.format, priority: c.priority ?? 0, description: c.description ?? '' });
    }),
  ];
}
const CRD_COLUMNS = new Map<string, Column[] | undefined>();
const crdColumnsOf = (storage: string) => {
  if (!CRD_COLUMNS.has(storage)) CRD_COLUMNS.set(storage, crdColumns(storage));
  return CRD_COLUMNS.get(storage);
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function cronJobColumns(timeZone: boolean): Column[] {
  return [
    nameCol,
    col('Schedule', (c) => c.spec?.schedule ?? ''),
    ...(timeZone ? [col('Timezone', (c) => c.spec?.timeZone ?? '<none>', { description: 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.' })] : []),
    // A boolean column whose cells are the words, as the printer writes them.
    col('Suspend', (c) => (c.spec?.suspend ? 'True' : 'False'), { type: 'boolean' }),
    col('Active', (c) => (c.status?.active ?? []).length, { type: 'integer' }),
    col('Last Schedule', (c, now) => (c.status?.lastScheduleTime ? humanAge(c.status.lastScheduleTime, now) : '<none>')),
    age,
    wide('Containers', (c) => containers(c.spec?.jobTemplate?.spec?.template)),
    wide('Images', (c) => images(c.spec?.jobTemplate?.spec?.template)),
    wide('Selector', (c) => (c.spec?.jobTemplate?.spec?.selector ? selector({ ...c, spec: c.spec.jobTemplate.spec }) : '<none>')),
  ];
}

function rowObject(o: KObject, include: IncludeObject, def: ResourceDef) {
  if (include === 'None') return undefined;
  if (include === 'Object') return { ...o, kind: def.kind, apiVersion: def.group ? `${def.group}/${def.version}` : def.version };
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** Columns a version adds: 1.32 prints a CronJob's time zone, which 1.20's v1beta1 has not. */
const VERSION_COLUMNS: Record<string, Column[]> = { 'batch/v1/cronjobs': cronJobColumns(true) };

export function toTable(def: ResourceDef, objects: KObject[], opts: { now: Date; include: IncludeObject; resourceVersion?: string; continueToken?: string; withColumns?: boolean }) {
  const cols =
    VERSION_COLUMNS[`${def.group}/${def.version}/${def.resource}`] ?? (def.builtIn ? undefined : crdColumnsOf(def.storage)) ?? COLUMNS[def.storage === 'events' ? 'events' : def.storage] ?? DEFAULT_COLUMNS;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
      ...(opts.continueToken ? { continue: opts.continueToken } : {}),
    },
    columnDefinitions:
      opts.withColumns === false
        ? null
        : cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
    rows: objects.map((o) => {
      const object = rowObject(o, opts.include, def);
      return { cells: cols.map((c) => c.cell(o, opts.now)), ...(object ? { object } : {}) };
    }),
  };
}

export function wantsTable(accept: string | undefined): boolean {
  return Boolean(accept && /as=Table/.test(accept));
}
