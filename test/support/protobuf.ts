// A minimal protobuf encoder for hand-made Kubernetes protobuf bodies: the malformed and unusual
// ones no kubectl command sends.
export const varint = (n: bigint | number) => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
};

/** A field's key: number and wire type (0 varint, 2 length-delimited). */
export const tag = (n: number, wire: number) => varint(n * 8 + wire);

/** A varint field. */
export const num = (n: number, v: number | bigint) => Buffer.concat([tag(n, 0), varint(v)]);

/** A length-delimited field: a string, bytes or an embedded message. */
export const len = (n: number, v: Buffer | string) => {
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
  return Buffer.concat([tag(n, 2), varint(b.length), b]);
};

/** The `k8s\0` magic and the runtime.Unknown envelope around an object's message. */
export const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([Buffer.from('k8s\0', 'latin1'), len(1, Buffer.concat([len(1, apiVersion), len(2, kind)])), len(2, raw), len(3, ''), len(4, '')]);
