/**
 * How users sign in: through the organisation's OIDC provider, as the sandbox's demo users, or not
 * at all (everyone acts with the server's own Kubernetes identity). The browser shows it, so the
 * type lives here rather than with the server code that decides it.
 */
export type AuthMode = 'oidc' | 'sandbox-demo' | 'off';
