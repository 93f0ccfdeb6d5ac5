// CommonJS on purpose: read by Next before any TypeScript is compiled.
const STATIC_SECURITY_HEADERS = require('./lib/server/static-security-headers.json');

/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  // Node-only API clients stay out of the bundle: faster builds, no polyfill surprises.
  serverExternalPackages: ['@kubernetes/client-node', '@aws-sdk/client-eks'],
  poweredByHeader: false,
  // Every response, built assets included; proxy.ts adds the CSP to pages and APIs.
  async headers() {
    return [{ source: '/:path*', headers: STATIC_SECURITY_HEADERS }];
  },
};
