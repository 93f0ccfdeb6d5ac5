import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/server/security-headers';

const config: NextConfig = {
  reactStrictMode: true,
  // Node-only API clients stay out of the bundle: faster builds, no polyfill surprises.
  serverExternalPackages: ['@kubernetes/client-node', '@aws-sdk/client-eks'],
  poweredByHeader: false,
  // Every response, built assets included; proxy.ts adds the CSP to pages and APIs.
  async headers() {
    return [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }];
  },
};

export default config;
