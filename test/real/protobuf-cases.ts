// Protobuf request bodies kubectl never sends, byte for byte to both servers: bodies that are not
// protobuf, truncated or mistyped messages, a field number from the future, the wrong kind.
import { code, message, object, status, type Case } from './case';
import { NS } from './fixtures';
import { normalizeObject } from './normalize';
import { envelope, len, num, tag, varint } from '../support/protobuf';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const configMaps = `/api/v1/namespaces/${NS}/configmaps`;
const post = (raw: Buffer) => ({ method: 'POST', path: configMaps, raw, contentType: PROTOBUF });

/** ConfigMap {1 metadata {1 name, 3 namespace}, 2 data {key: value}}. */
const configMap = (name: string, extra: Buffer = Buffer.alloc(0)) =>
  Buffer.concat([len(1, Buffer.concat([len(1, name), len(3, NS)])), len(2, Buffer.concat([len(1, 'greeting'), len(2, 'hello')])), extra]);

const refused = (name: string, raw: Buffer): Case => ({ name, request: post(raw), checks: [...status, message] });

export const protobufCases: Case[] = [
  refused('a protobuf body that is text', Buffer.from('not protobuf')),
  refused('an empty protobuf body', Buffer.alloc(0)),
  refused('a JSON object sent as protobuf', Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pb-json' } }))),
  refused('a truncated envelope', Buffer.concat([Buffer.from('k8s\0', 'latin1'), tag(1, 2), varint(40), Buffer.from('v1')])),
  refused('a truncated object message', envelope('v1', 'ConfigMap', Buffer.concat([tag(1, 2), varint(60), len(1, 'pb-cut')]))),
  refused('a string field sent as a varint', envelope('v1', 'ConfigMap', len(1, num(1, 7)))),
  refused('a field number 0', envelope('v1', 'ConfigMap', len(1, Buffer.from([0x00, 0x01])))),
  refused('a Secret sent to the ConfigMaps', envelope('v1', 'Secret', configMap('pb-secret'))),
  {
    name: 'a protobuf ConfigMap is stored as its JSON form',
    request: post(envelope('v1', 'ConfigMap', configMap('pb-plain'))),
    then: [{ path: `${configMaps}/pb-plain` }],
    checks: [code, object(normalizeObject), object(normalizeObject, (o) => o.followUps[0])],
  },
  {
    name: 'a field number the server does not know is skipped',
    request: post(envelope('v1', 'ConfigMap', configMap('pb-future', Buffer.concat([num(99, 1), len(98, 'from a newer client')])))),
    then: [{ path: `${configMaps}/pb-future` }],
    checks: [code, object(normalizeObject, (o) => o.followUps[0])],
  },
];
