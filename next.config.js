/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  // Node-only API clients stay out of the bundle: faster builds, no polyfill surprises.
  serverExternalPackages: ['@kubernetes/client-node', '@aws-sdk/client-eks'],
  poweredByHeader: false,
};
