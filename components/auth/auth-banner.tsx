import type { AuthMode } from '@/lib/domain/auth-mode';

/**
 * On every page while sign-in is off: whoever reaches the server acts with its kubeconfig's
 * rights, and nobody should be able to miss that.
 */
export function AuthOffBanner({ mode }: { mode: AuthMode }) {
  if (mode !== 'off') return null;
  return (
    <div role="alert" data-testid="auth-off-banner" className="bg-red-700 px-6 py-2 text-center text-sm font-semibold text-white">
      Sign-in is off: everyone acts as the server&apos;s kubeconfig identity
    </div>
  );
}
