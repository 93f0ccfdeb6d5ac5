import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';
import { Providers } from './providers';
import { AuthOffBanner } from '@/components/auth/auth-banner';
import { authMode } from '@/lib/server/auth';

export const metadata: Metadata = {
  title: 'nodelanes',
  description: 'Kubernetes node topology as lanes',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: the CSP nonce (proxy.ts) and the sign-in mode are
  // request-time facts, and a page prerendered at build time would have neither.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <AuthOffBanner mode={authMode()} />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
