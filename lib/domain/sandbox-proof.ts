// The proof the embedded sandbox gives that it is the sandbox: HMAC-SHA256(nonce, challenge) on a
// path only it serves. Both sides compute it (the sandbox answers, the server checks), so it is
// written once, here; why the demo sign-in needs it is told in lib/server/sandbox-proof.ts.
import { createHmac } from 'node:crypto';

export const SANDBOX_PROOF_PATH = '/.nodelanes/sandbox-proof';
/** The kubeconfig cluster extension the sandbox writes its nonce under. */
export const SANDBOX_EXTENSION = 'nodelanes.io/sandbox';

export function sandboxProof(nonce: string, challenge: string): string {
  return createHmac('sha256', nonce).update(challenge).digest('base64url');
}
