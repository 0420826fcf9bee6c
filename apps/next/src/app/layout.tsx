import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'cascadekit on Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ margin: 0, fontFamily: 'system-ui, sans-serif' }}>
        <main style={{ maxWidth: 760, margin: '0 auto', padding: 16, height: '100dvh', boxSizing: 'border-box' }}>
          {children}
        </main>
      </body>
    </html>
  );
}
