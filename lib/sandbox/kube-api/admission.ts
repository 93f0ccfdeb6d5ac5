// What the apiserver's storage layer does to Services, Secrets and Jobs beyond plain defaulting:
// a Service gets a ClusterIP from the service CIDR and node ports from the node-port range (kept
// across updates that leave them out), a Secret's stringData is folded into data, a Job gets the
// selector and labels built from its own uid. Runs before validation, as the REST strategies do.
import { invalid, type StatusCause } from '../errors';
import type { KObject, Store } from '../store';
import { admitPod, admitPriorityClass, PRIORITY_CLASSES } from './priority-admission';

/** EKS's default service CIDR (the `kubernetes` Service is its first address, 10.100.0.1). */
export const SERVICE_CIDR = { base: [10, 100, 0, 0] as const, bits: 16 };
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

const CIDR_TEXT = `${SERVICE_CIDR.base.join('.')}/${SERVICE_CIDR.bits}`;
const SIZE = 2 ** (32 - SERVICE_CIDR.bits);
const ipAt = (offset: number) => {
  const [a, b] = SERVICE_CIDR.base;
  return `${a}.${b}.${(offset >> 8) & 255}.${offset & 255}`;
};
const offsetOf = (ip: string): number | undefined => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m || Number(m[1]) !== SERVICE_CIDR.base[0] || Number(m[2]) !== SERVICE_CIDR.base[1]) return undefined;
  const offset = Number(m[3]) * 256 + Number(m[4]);
  return Number(m[3]) < 256 && Number(m[4]) < 256 ? offset : undefined;
};

/** A stable spread over a range, so a service keeps the same address in a seeded scenario. */
function hashOf(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function usedBy(store: Store, skip?: KObject) {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const s of store.peek('services')) {
    if (skip && s.metadata.uid === skip.metadata.uid) continue;
    if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') ips.add(s.spec.clusterIP);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

const serviceInvalid = (svc: KObject, causes: StatusCause[]) => invalid('Service', '', svc.metadata.name ?? '', causes);

/** Fills spec.clusterIP(s) and node ports; refuses ones outside the ranges or already taken. */
function allocateService(store: Store, svc: KObject, old?: KObject) {
  const spec = (svc.spec ??= {});
  const type = spec.type ?? 'ClusterIP';
  const { ips, ports } = usedBy(store, old);
  if (old) {
    // An update that leaves the allocated values out keeps them.
    if (!spec.clusterIP && old.spec?.clusterIP && type !== 'ExternalName') spec.clusterIP = old.spec.clusterIP;
    for (const p of spec.ports ?? []) {
      const before = (old.spec?.ports ?? []).find((o: { port: number; protocol?: string }) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (!p.nodePort && before?.nodePort && type !== 'ClusterIP') p.nodePort = before.nodePort;
    }
  }
  if (type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  } else if (spec.clusterIP && old?.spec?.clusterIP && old.spec.type !== 'ExternalName' && spec.clusterIP !== old.spec.clusterIP) {
    // A changed address is refused by validation (it may not change once set), which the
    // apiserver runs before it allocates anything.
    spec.clusterIPs = [spec.clusterIP];
  } else if (spec.clusterIP) {
    const offset = offsetOf(spec.clusterIP);
    if (offset === undefined || offset === 0 || offset === SIZE - 1) {
      throw serviceInvalid(svc, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${spec.clusterIP}": provided IP is not in the valid range. The range of valid IPs is ${CIDR_TEXT}` }]);
    }
    if (spec.clusterIP !== old?.spec?.clusterIP && ips.has(spec.clusterIP)) {
      throw serviceInvalid(svc, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${spec.clusterIP}": provided IP is already allocated` }]);
    }
    spec.clusterIPs = [spec.clusterIP];
  } else {
    // Offset 1 is the `kubernetes` Service's; others start at a spot hashed from the name.
    let offset = svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes' ? 1 : 2 + (hashOf(`${svc.metadata.namespace}/${svc.metadata.name}`) % (SIZE - 3));
    for (let tries = 0; ips.has(ipAt(offset)) && tries < SIZE; tries++) offset = 2 + ((offset - 1) % (SIZE - 3));
    spec.clusterIP = ipAt(offset);
    spec.clusterIPs = [spec.clusterIP];
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const span = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      let port = NODE_PORT_RANGE.min + (hashOf(`${svc.metadata.namespace}/${svc.metadata.name}/${p.port}/${p.protocol}`) % span);
      for (let tries = 0; ports.has(port) && tries < span; tries++) port = port === NODE_PORT_RANGE.max ? NODE_PORT_RANGE.min : port + 1;
      p.nodePort = port;
      ports.add(port);
    }
  }
}

/** Secret's stringData is a write-only convenience: its values land in data, base64-encoded. */
function foldStringData(secret: KObject) {
  if (secret.stringData && typeof secret.stringData === 'object') {
    const data = { ...(secret.data ?? {}) };
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    secret.data = data;
  }
  delete secret.stringData;
}

/** A Job without a selector selects its pods by its own uid (`controller-uid`), as batch/v1 does. */
function jobSelector(job: KObject) {
  const spec = (job.spec ??= {});
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid!;
  const template = (spec.template ??= {});
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'controller-uid': uid, 'job-name': job.metadata.name } };
  spec.selector = { matchLabels: { 'controller-uid': uid } };
  // A Job without labels of its own takes its pods' labels.
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) job.metadata.labels = { ...template.metadata.labels };
}

/** On create, before defaulting and validation. `uid` is the one the object will be stored with. */
export function admitCreate(store: Store, storage: string, obj: KObject): void {
  switch (storage) {
    case 'services':
      allocateService(store, obj);
      return;
    case 'secrets':
      foldStringData(obj);
      return;
    case 'batch/jobs':
      obj.metadata.uid = store.newUid();
      jobSelector(obj);
      return;
    case 'pods':
      admitPod(store, obj);
      return;
  }
}

/** Validating admission: after defaulting and validation, on create and update. */
export function admitValidated(store: Store, storage: string, obj: KObject): void {
  if (storage === PRIORITY_CLASSES) admitPriorityClass(store, obj);
}

/** On update (PUT, PATCH, apply), before defaulting and validation. */
export function admitUpdate(store: Store, storage: string, obj: KObject, old: KObject): void {
  if (storage === 'services') allocateService(store, obj, old);
  else if (storage === 'secrets') foldStringData(obj);
}
