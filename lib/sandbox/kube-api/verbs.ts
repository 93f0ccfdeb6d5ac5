// The verbs on a resource (list is paged-list.ts): get, create, update, patch, delete, deletecollection. Each takes
// a resolved request and returns what to answer; the HTTP layer writes it. Admission order follows
// the apiserver: decode (unknown fields judged by fieldValidation) → identity checks → on update,
// the resourceVersion precondition → defaults → validation → storage.
import yaml from 'js-yaml';
import { ApiError, badRequest, conflict, notFound } from '../errors';
import { clone, equal, type KObject, type Store } from '../store';
import { applyPatch } from '../patch';
import { validateObject } from '../validate';
import { defaultObject } from './defaults';
import { present } from './selection';
import { list, type ListOptions } from './paged-list';
import { decodeCustomResource, hasSchema } from '../crds';
import { admitCreate, admitUpdate, admitValidated } from './admission';
import { PRIORITY_CLASSES, refuseSystemClassDelete } from './priority-admission';
import { apiVersionOf, findByStorage, type ResourceDef } from './registry';
import { toStorageVersion } from './conversion';
import { deleteWithPropagation, propagationOf } from './propagation';
import type { ResourceRequest } from './request';
import { applyRefusal, bodyRefusal, goJson, goPrint, judgeUnknownFields, patchRefusal, pruneUnknownFields, type FieldValidationContext } from './field-validation';
import { applyConfig, recordUpdate, type ManagedFieldsEntry } from './server-side-apply/managed-fields';
import { ownedView } from './server-side-apply/owned-view';
import { parseLastApplied, refreshLastApplied } from './server-side-apply/last-applied';

export function listKind(def: ResourceDef) {
  return { kind: `${def.kind}List`, apiVersion: apiVersionOf(def) };
}

export function get(store: Store, r: ResourceRequest): KObject {
  const o = store.get(r.def.storage, r.def.namespaced ? r.namespace : undefined, r.name!);
  if (!o) throw notFound(r.def.resource, r.def.group, r.name!);
  return present(r.def, o);
}

/** Writes are stored at their kind's storage version; events.k8s.io/v1 ones as core events. */
function intoStorage(def: ResourceDef, o: KObject): KObject {
  if (def.group !== 'events.k8s.io') return toStorageVersion(def.storage, o, apiVersionOf(findByStorage(def.storage) ?? def));
  const { regarding, note, deprecatedSource, deprecatedFirstTimestamp, deprecatedLastTimestamp, deprecatedCount, reportingController, ...rest } = o;
  return {
    ...rest,
    apiVersion: 'v1',
    kind: 'Event',
    involvedObject: regarding ?? {},
    message: note,
    source: deprecatedSource ?? { component: reportingController },
    reportingComponent: reportingController,
    firstTimestamp: deprecatedFirstTimestamp,
    lastTimestamp: deprecatedLastTimestamp,
    count: deprecatedCount,
  };
}

export interface WriteOptions {
  dryRun: boolean;
  /** Admission that needs the requester (RBAC escalation), run before validation. */
  admit?: (obj: KObject, old?: KObject) => void;
  /** The request's fieldValidation directive; without it unknown fields are dropped silently. */
  fields?: FieldValidationContext;
  /** The field manager the write is recorded for in managedFields; without one, managedFields stay as they are. */
  manager?: string;
  /** Server-side apply's `force`: take over conflicting fields instead of answering 409. */
  force?: boolean;
  /** managedFields already worked out (by server-side apply) for this write. */
  managedFields?: ManagedFieldsEntry[];
}

/** The managedFields a write stores: an apply's, or an Update entry for the request's manager. */
function managedFieldsAfter(store: Store, r: ResourceRequest, before: KObject | undefined, after: KObject, opts: WriteOptions): ManagedFieldsEntry[] | undefined {
  if (opts.managedFields) return opts.managedFields;
  const entries = before?.metadata.managedFields as ManagedFieldsEntry[] | undefined;
  if (!opts.manager) return entries;
  const scope = { statusSubresource: r.def.statusSubresource, subresource: r.subresource };
  const writer = { manager: opts.manager, apiVersion: apiVersionOf(r.def), subresource: r.subresource, now: store.timestamp() };
  return recordUpdate(entries, before ? ownedView(before, scope) : undefined, ownedView(after, scope), writer, { builtIn: r.def.builtIn });
}

function setManagedFields(o: KObject, entries: ManagedFieldsEntry[] | undefined) {
  if (entries?.length) o.metadata.managedFields = entries;
  else delete o.metadata.managedFields;
}

function checkIdentity(def: ResourceDef, r: ResourceRequest, body: unknown): KObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`the object provided is unrecognized (must be of type ${def.kind})`);
  }
  const o = body as KObject;
  const apiVersion = apiVersionOf(def);
  if (!o.kind || !o.apiVersion) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`);
  if (o.kind !== def.kind || o.apiVersion !== apiVersion) {
    throw badRequest(`${o.kind} in version "${String(o.apiVersion).split('/').pop()}" cannot be handled as a ${def.kind}: no kind "${o.kind}" is registered for version "${apiVersion}"`);
  }
  o.metadata = o.metadata && typeof o.metadata === 'object' ? o.metadata : ({} as KObject['metadata']);
  if (def.namespaced) {
    if (o.metadata.namespace && o.metadata.namespace !== r.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    o.metadata.namespace = r.namespace;
  } else {
    delete o.metadata.namespace;
  }
  return o;
}

function requireNamespace(store: Store, def: ResourceDef, namespace: string | undefined, name?: string) {
  if (!def.namespaced || !namespace) return;
  const ns = store.get('namespaces', undefined, namespace);
  if (!ns) throw notFound('namespaces', '', namespace);
  if (ns.metadata.deletionTimestamp) {
    const what = def.group ? `${def.resource}.${def.group}` : def.resource;
    throw new ApiError(403, 'Forbidden', `${what} "${name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
      name: name ?? '',
      ...(def.group ? { group: def.group } : {}),
      kind: def.resource,
    });
  }
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function create(store: Store, r: ResourceRequest, body: unknown, opts: WriteOptions): KObject {
  const def = r.def;
  const sent = checkIdentity(def, r, body);
  judgeUnknownFields(pruneUnknownFields(def, sent), opts.fields, bodyRefusal(def));
  let o = intoStorage(def, sent);
  if (!o.metadata.name && o.metadata.generateName) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
    o.metadata.name = `${o.metadata.generateName}${suffix}`;
  }
  requireNamespace(store, def, r.namespace, o.metadata.name);
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'generation', 'selfLink', 'managedFields']) delete o.metadata[k];
  // Status is the server's on create, except where the API lets the client set it (nodes).
  if (def.statusSubresource && def.storage !== 'nodes') delete o.status;
  admitCreate(store, def.storage, o);
  o = dropEmptyMaps(defaultObject(def.storage, o));
  opts.admit?.(o);
  validateObject(def.storage, o);
  admitValidated(store, def.storage, o);
  setManagedFields(o, managedFieldsAfter(store, r, undefined, o, opts));
  const created = store.create(def.storage, o, { dryRun: opts.dryRun, generation: def.generation, uid: o.metadata.uid });
  return present(def, created);
}

/** Shared by PUT and PATCH: carries status/spec rules and generation over from the stored object. */
function write(store: Store, r: ResourceRequest, current: KObject, next: KObject, opts: WriteOptions): KObject {
  const def = r.def;
  const onStatus = r.subresource === 'status';
  let merged: KObject;
  if (onStatus) {
    // A status write changes status only; the resourceVersion it carries still guards it.
    merged = { ...clone(current), status: next.status };
    merged.metadata = { ...merged.metadata, resourceVersion: next.metadata?.resourceVersion ?? current.metadata.resourceVersion };
  } else {
    merged = clone(next);
    if (def.statusSubresource) {
      if (current.status === undefined) delete merged.status;
      else merged.status = clone(current.status);
    }
  }
  merged.metadata = { ...merged.metadata };
  for (const k of ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    if (current.metadata[k] === undefined) delete merged.metadata[k];
    else merged.metadata[k] = current.metadata[k];
  }
  if (def.namespaced) merged.metadata.namespace = current.metadata.namespace;
  // Storage compares resourceVersions before the registry admits and validates the update: a
  // stale write is a 409 even when it also breaks a rule.
  const wanted = merged.metadata.resourceVersion;
  if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(def.resource, def.group, current.metadata.name);
  // Defaulting runs on every decode, not just create (a container added by a patch gets its
  // defaults); pod admission defaults (tolerations, priority) are applied on create only (the
  // pod update rules compare as if DefaultTolerationSeconds and Priority ran on update too).
  if (!onStatus) admitUpdate(store, def.storage, merged, current);
  if (!onStatus && def.storage !== 'pods') merged = defaultObject(def.storage, merged);
  merged = dropEmptyMaps(merged);
  if (def.generation && !onStatus && (specChanged(current, merged) || deploymentAnnotationsChanged(def, current, merged))) {
    merged.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  if (!onStatus) {
    opts.admit?.(merged, current);
    validateObject(def.storage, merged, current);
    admitValidated(store, def.storage, merged);
  } else if (hasSchema(def.storage)) {
    // A custom resource's status is decoded and validated against its CRD like the rest.
    merged = defaultObject(def.storage, merged);
    validateObject(def.storage, merged, current);
  }
  setManagedFields(merged, managedFieldsAfter(store, r, current, merged, opts));
  const saved = store.update(def.storage, merged, { dryRun: opts.dryRun });
  return present(def, saved);
}

/** Empty label / annotation maps are not stored (Go's omitempty). */
function dropEmptyMaps(o: KObject): KObject {
  for (const k of ['labels', 'annotations'] as const) {
    const m = o.metadata?.[k];
    if (m && typeof m === 'object' && Object.keys(m).length === 0) delete o.metadata[k];
  }
  return o;
}

/** A Deployment's annotations are copied to its ReplicaSets, so the apiserver counts them as a change of generation. */
function deploymentAnnotationsChanged(def: ResourceDef, a: KObject, b: KObject): boolean {
  return def.storage === 'apps/deployments' && !equal(a.metadata.annotations ?? {}, b.metadata.annotations ?? {});
}

function specChanged(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return rest;
  };
  return !equal(strip(a), strip(b));
}

export function update(store: Store, r: ResourceRequest, body: unknown, opts: WriteOptions): KObject {
  const def = r.def;
  const sent = checkIdentity(def, r, body);
  judgeUnknownFields(pruneUnknownFields(def, sent), opts.fields, bodyRefusal(def));
  const o = intoStorage(def, sent);
  if (o.metadata.name !== r.name) {
    throw badRequest(`the name of the object (${o.metadata.name ?? ''}) does not match the name on the URL (${r.name})`);
  }
  const current = store.get(def.storage, def.namespaced ? r.namespace : undefined, r.name!);
  if (!current) throw notFound(def.resource, def.group, r.name!);
  return write(store, r, current, o, opts);
}

export function patch(store: Store, r: ResourceRequest, contentType: string, raw: Buffer, opts: WriteOptions): { object: KObject; created: boolean } {
  const def = r.def;
  const current = store.get(def.storage, def.namespaced ? r.namespace : undefined, r.name!);
  if (contentType === 'application/apply-patch+yaml') return serverSideApply(store, r, current, raw, opts);
  if (!current) throw notFound(def.resource, def.group, r.name!);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    if (contentType === 'application/json-patch+json' || contentType === 'application/merge-patch+json' || contentType === 'application/strategic-merge-patch+json') {
      throw badRequest(`error decoding patch: ${(err as Error).message}`);
    }
    throw new ApiError(415, 'UnsupportedMediaType', '415: Unsupported Media Type');
  }
  const presented = present(def, current);
  const patched = applyPatch(contentType, presented, body, { builtIn: def.builtIn });
  // A refusal shows the patch (strategic) or the patched document (JSON, merge), unknown fields included.
  const shown = opts.fields?.directive === 'Strict' ? (contentType === 'application/strategic-merge-patch+json' ? goPrint(body) : goJson(patched)) : '';
  judgeUnknownFields(pruneUnknownFields(def, patched), opts.fields, patchRefusal(shown));
  const next = intoStorage(def, patched);
  if (next.metadata?.name !== current.metadata.name) throw badRequest(`metadata.name: Invalid value: "${next.metadata?.name}": field is immutable`);
  return { object: write(store, r, current, next, opts), created: false };
}

/**
 * Server-side apply: the applied configuration is merged in field by field, its manager owns
 * exactly what it sent (fields it sent before and omits now go, unless someone else owns them),
 * and changing a field another manager owns is a 409 unless the request forces.
 */
function serverSideApply(store: Store, r: ResourceRequest, current: KObject | undefined, raw: Buffer, opts: WriteOptions) {
  let body: unknown;
  try {
    body = yaml.load(raw.toString('utf8'));
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
  const o = checkIdentity(r.def, r, body);
  const undeclared = pruneUnknownFields(r.def, o);
  if (undeclared.length) throw applyRefusal(r.def, o, undeclared);
  const scope = { statusSubresource: r.def.statusSubresource, subresource: r.subresource };
  const writer = { manager: opts.manager ?? '', apiVersion: apiVersionOf(r.def), subresource: r.subresource, now: store.timestamp(), force: opts.force ?? false };
  const ctx = { builtIn: r.def.builtIn };
  const config = ownedView(o, scope);
  if (o.metadata.name !== r.name) throw badRequest(`the name of the object (${o.metadata.name ?? ''}) does not match the name on the URL (${r.name})`);
  if (!current) {
    const { managedFields } = applyConfig({}, [], config, writer, ctx);
    return { object: create(store, r, o, { ...opts, managedFields }), created: true };
  }
  const presented = present(r.def, current);
  const lastApplied = parseLastApplied(presented, writer.apiVersion);
  const applier = { ...writer, lastApplied: lastApplied && ownedView(lastApplied, scope) };
  const result = applyConfig(ownedView(presented, scope), presented.metadata.managedFields, config, applier, ctx);
  result.object = refreshLastApplied(result.object, o, writer.manager);
  const next: KObject =
    r.subresource === 'status'
      ? { ...presented, status: result.object.status }
      : {
          ...result.object,
          apiVersion: presented.apiVersion,
          kind: presented.kind,
          metadata: { ...(result.object.metadata as object), name: current.metadata.name, namespace: current.metadata.namespace, resourceVersion: o.metadata.resourceVersion },
          ...(presented.status !== undefined && r.def.statusSubresource ? { status: presented.status } : {}),
        };
  if (next.metadata.resourceVersion === undefined) delete next.metadata.resourceVersion;
  return { object: write(store, r, current, intoStorage(r.def, next), { ...opts, managedFields: result.managedFields }), created: false };
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
  orphanDependents?: boolean;
}

export function remove(store: Store, r: ResourceRequest, options: DeleteOptions, opts: WriteOptions): { body: unknown; status: number } {
  const def = r.def;
  const ns = def.namespaced ? r.namespace : undefined;
  if (def.storage === PRIORITY_CLASSES) refuseSystemClassDelete(r.name!);
  const current = store.get(def.storage, ns, r.name!);
  if (!current) throw notFound(def.resource, def.group, r.name!);
  if (def.storage !== 'namespaces') checkDeletePreconditions(def, current, options);
  if (options.preconditions?.resourceVersion && options.preconditions.resourceVersion !== current.metadata.resourceVersion) {
    throw new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${def.group ? `${def.resource}.${def.group}` : def.resource} "${r.name}": Precondition failed: ResourceVersion in precondition: ${options.preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
  if (def.storage === 'pods') return { body: deletePod(store, current, options, opts), status: 200 };
  if (def.storage === 'namespaces') return { body: deleteNamespace(store, current, opts), status: 200 };
  const { kept, last } = deleteWithPropagation(store, def.storage, current, propagationOf(def, options), { dryRun: opts.dryRun, uid: options.preconditions?.uid });
  if (kept) return { body: present(def, kept), status: 200 };
  // Built-in kinds other than pods/namespaces/nodes answer with a Status; custom resources with the object.
  if (def.builtIn && def.storage !== 'nodes') {
    return { body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: r.name, ...(def.group ? { group: def.group } : {}), kind: def.resource, uid: last!.metadata.uid } }, status: 200 };
  }
  return { body: present(def, last!), status: 200 };
}

/**
 * The generic registry checks a delete's preconditions before anything else (rest.BeforeDelete),
 * naming the kind rather than the resource: `Deployment.apps "web"`. Namespaces have their own
 * delete, which leaves the check to storage (the message above).
 */
function checkDeletePreconditions(def: ResourceDef, current: KObject, options: DeleteOptions) {
  const p = options.preconditions;
  const fail = (why: string) => {
    const kind = def.group ? `${def.kind}.${def.group}` : def.kind;
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${kind} "${current.metadata.name}": ${why}`, {
      name: current.metadata.name,
      ...(def.group ? { group: def.group } : {}),
      kind: def.kind,
    });
  };
  if (p?.uid && p.uid !== current.metadata.uid) {
    throw fail(`the UID in the precondition (${p.uid}) does not match the UID in record (${current.metadata.uid}). The object might have been deleted and then recreated`);
  }
  if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
    throw fail(`the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`);
  }
}

function deletePod(store: Store, pod: KObject, options: DeleteOptions, opts: WriteOptions): KObject {
  const requested = options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  // A pod with finalizers is only marked deleted; it goes once they are removed.
  const remove = () =>
    pod.metadata.finalizers?.length
      ? store.update('pods', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: pod.metadata.deletionTimestamp ?? store.timestamp(), deletionGracePeriodSeconds: 0 } }, { dryRun: opts.dryRun })
      : store.remove('pods', pod.metadata.namespace, pod.metadata.name, { dryRun: opts.dryRun, uid: options.preconditions?.uid });
  if (requested <= 0) return remove();
  if (!pod.spec?.nodeName) {
    // An unbound pod has no kubelet to wait for: the apiserver marks it deleted (one MODIFIED
    // event, grace 0) and removes it at once.
    if (opts.dryRun) return pod;
    store.update('pods', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: store.timestamp(), deletionGracePeriodSeconds: 0 } });
    return remove();
  }
  const grace = requested;
  if (pod.metadata.deletionTimestamp) {
    // Deleting again may only shorten the grace period.
    if (grace >= (pod.metadata.deletionGracePeriodSeconds ?? Infinity)) return pod;
  }
  const now = store.now();
  const deadline = new Date(now.getTime() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return store.update(
    'pods',
    { ...pod, metadata: { ...pod.metadata, deletionTimestamp: deadline, deletionGracePeriodSeconds: grace } },
    { dryRun: opts.dryRun },
  );
}

/**
 * A deleted namespace turns Terminating (its `kubernetes` finalizer holds it); the namespace
 * controller (sim/namespaces.ts) then deletes what is in it and finally the namespace.
 */
function deleteNamespace(store: Store, ns: KObject, opts: WriteOptions): KObject {
  const name = ns.metadata.name;
  if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name)) {
    throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`);
  }
  if (ns.metadata.deletionTimestamp) return ns;
  const marked = { ...ns, metadata: { ...ns.metadata, deletionTimestamp: store.timestamp(), deletionGracePeriodSeconds: 0 }, status: { ...ns.status, phase: 'Terminating' } };
  if (opts.dryRun) return marked;
  return store.update('namespaces', marked);
}

export function deleteCollection(store: Store, r: ResourceRequest, opts: ListOptions & WriteOptions, options: DeleteOptions) {
  const { items } = list(store, r, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
  for (const o of items) remove(store, { ...r, name: o.metadata.name }, options, opts);
  return { ...listKind(r.def), metadata: { resourceVersion: store.resourceVersion }, items };
}
