// The custom resource definitions the sandbox serves, read from the CRD files beside this one:
// Karpenter's published NodePool and NodeClaim CRDs and the Auto Mode NodeClass schema. Writes
// to these kinds are pruned, defaulted and validated from the files' OpenAPI schemas and CEL
// rules, as kube-apiserver does with any CRD.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { applyDefaults, dropNulls, isMap, prune, validateValue, type FieldCause, type Schema } from './schema';
import { CelError, isTransitionRule, RULES } from './cel-rules';
import type { KObject, Store } from '../store';

export interface Crd {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    group: string;
    scope: 'Cluster' | 'Namespaced';
    names: { kind: string; plural: string; singular: string; listKind: string; shortNames?: string[]; categories?: string[] };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: Schema };
      subresources?: Record<string, unknown>;
      additionalPrinterColumns?: { name: string; type: string; jsonPath: string; description?: string; priority?: number; format?: string }[];
    }[];
  };
}

export const CRD_FILES = ['karpenter.sh_nodepools.yaml', 'karpenter.sh_nodeclaims.yaml', 'eks.amazonaws.com_nodeclasses.yaml'] as const;

/** Where the CRD files are (the real-API-server tier installs the same files). */
export const CRD_DIR = path.dirname(fileURLToPath(import.meta.url));

export class UnknownRuleError extends Error {}

/** Every CEL rule in a schema must be one the sandbox has written out. */
function checkRules(s: Schema | undefined, where: string): void {
  if (!s) return;
  for (const r of s['x-kubernetes-validations'] ?? []) {
    if (!RULES[r.rule]) throw new UnknownRuleError(`${where}: CEL rule not known to the sandbox: ${r.rule}`);
    if (r.messageExpression || r.fieldPath || r.reason) throw new UnknownRuleError(`${where}: messageExpression, fieldPath and reason are not supported (rule ${r.rule})`);
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) checkRules(p, `${where}.${k}`);
  if (isMap(s.additionalProperties)) checkRules(s.additionalProperties as Schema, `${where}[*]`);
  checkRules(s.items, `${where}[]`);
}

export function parseCrd(text: string, file: string): Crd {
  const crd = yaml.load(text) as Crd;
  if (crd?.kind !== 'CustomResourceDefinition') throw new Error(`${file}: not a CustomResourceDefinition`);
  for (const v of crd.spec.versions) checkRules(v.schema.openAPIV3Schema, `${file} ${v.name}`);
  return crd;
}

let loaded: Map<string, Crd> | undefined;

/** The CRDs by storage key (`karpenter.sh/nodepools`), read once. */
export function crds(): Map<string, Crd> {
  if (!loaded) {
    loaded = new Map();
    for (const file of CRD_FILES) {
      const crd = parseCrd(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'), file);
      loaded.set(`${crd.spec.group}/${crd.spec.names.plural}`, crd);
    }
  }
  return loaded;
}

function storageSchema(storage: string): Schema | undefined {
  const crd = crds().get(storage);
  return crd?.spec.versions.find((v) => v.storage)?.schema.openAPIV3Schema;
}

export const hasSchema = (storage: string) => storageSchema(storage) !== undefined;

/**
 * What decoding does to a custom resource before validation: unknown fields pruned, defaults
 * filled in, nulls of non-nullable fields dropped. In place; also applied to the stored object
 * an update is compared with, as the apiserver defaults what it reads back.
 */
export function decodeCustomResource(storage: string, obj: Record<string, unknown>, dropped?: string[]): void {
  const s = storageSchema(storage);
  if (!s) return;
  prune(obj, s, dropped);
  applyDefaults(obj, s);
  dropNulls(obj, s);
}

const NOT_CHECKED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/** The schema's and the CEL rules' causes for a custom resource about to be stored. */
export function customResourceCauses(storage: string, obj: Record<string, unknown>, old?: Record<string, unknown>): FieldCause[] {
  const s = storageSchema(storage);
  if (!s) return [];
  const causes: FieldCause[] = [];
  validateValue(obj, s, '', causes);
  if (causes.some((c) => c.blocksRules)) {
    causes.push({ field: '<nil>', reason: 'FieldValueInvalid', message: `Invalid value: "null": ${NOT_CHECKED}` });
  } else {
    let before: Record<string, unknown> | undefined;
    if (old) {
      before = structuredClone(old);
      decodeCustomResource(storage, before);
    }
    celCauses(obj, before, s, '', causes);
  }
  return causes.map(({ blocksRules: _b, ...c }) => c);
}

function celCauses(v: unknown, old: unknown, s: Schema, path: string, out: FieldCause[]): void {
  for (const r of s['x-kubernetes-validations'] ?? []) {
    if (isTransitionRule(r.rule) && old === undefined) continue;
    const detail = r.message?.trim() || r.rule;
    try {
      if (!RULES[r.rule](v, old)) out.push({ field: path, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(s.type ?? '')}: ${detail}` });
    } catch (err) {
      if (!(err instanceof CelError)) throw err;
      out.push({ field: path, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(s.type ?? '')}: ${err.message} evaluating rule: ${detail}` });
    }
  }
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (Array.isArray(v)) {
    // List items are not correlated with the old list here (no transition rule sits inside one).
    if (s.items) v.forEach((item, i) => celCauses(item, undefined, s.items!, `${path}[${i}]`, out));
  } else if (isMap(v)) {
    const extra = isMap(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
    for (const [key, value] of Object.entries(v)) {
      const prop = s.properties?.[key] ?? extra;
      if (prop) celCauses(value, isMap(old) ? old[key] : undefined, prop, at(key), out);
    }
  }
}

/** The CRDs as the apiserver lists them (`kubectl get crd`): established, names accepted. */
export function seedCrds(store: Store): void {
  const at = store.timestamp();
  for (const crd of crds().values()) {
    const condition = (type: string, reason: string, message: string) => ({ type, status: 'True', lastTransitionTime: at, reason, message });
    store.create(
      'apiextensions.k8s.io/customresourcedefinitions',
      {
        ...(structuredClone(crd) as unknown as KObject),
        spec: { conversion: { strategy: 'None' }, ...structuredClone(crd.spec) },
        status: {
          acceptedNames: structuredClone(crd.spec.names),
          conditions: [condition('NamesAccepted', 'NoConflicts', 'no conflicts found'), condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted')],
          storedVersions: crd.spec.versions.filter((v) => v.storage).map((v) => v.name),
        },
      },
      { generation: true },
    );
  }
}
