// The server's signature over a drain and the user it acts as (HMAC-SHA256 keyed by
// NEXTAUTH_SECRET, the secret every replica shares): a replica resuming a drain after a restart
// acts as the signed user only. Anyone who may patch node annotations can write a drain state, so
// an unsigned or tampered one is never acted on.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DrainActor, DrainState } from '@/lib/domain/drain-state';
import { drainSignedText, type SignatureCheck } from '@/lib/domain/drain-takeover';

type Signed = Pick<DrainState, 'id' | 'mode' | 'at' | 'by' | 'options' | 'restart' | 'surged'> & Partial<DrainState>;

function mac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text, 'utf8').digest();
}

/** `actor` with the server's signature over it and the drain, or undefined without a secret to sign with. */
export function signDrainActor(secret: string | undefined, node: string, state: Signed, actor: { user: string; groups: string[] }): DrainActor | undefined {
  if (!secret) return undefined;
  return { user: actor.user, groups: [...actor.groups], sig: mac(secret, drainSignedText(node, state, actor)).toString('base64url') };
}

/** Whether the drain's identity is the one this server signed for this drain on this node. */
export function checkDrainActor(secret: string | undefined, node: string, state: Signed & { as?: DrainActor }): SignatureCheck {
  const as = state.as;
  if (!as) return 'absent';
  if (!secret || typeof as.sig !== 'string' || typeof as.user !== 'string' || !Array.isArray(as.groups) || !as.groups.every((g) => typeof g === 'string')) return 'invalid';
  const want = mac(secret, drainSignedText(node, state, as));
  const got = Buffer.from(as.sig, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want) ? 'valid' : 'invalid';
}
