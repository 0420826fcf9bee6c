import { version } from 'react';
import { expect, test } from 'vitest';

// Proves which React the suite runs on: 19 in the main run, 18.3 under vitest.react18.config.ts.
test('runs on a supported React version', () => {
  expect(version).toMatch(/^(18\.3|19)\./);
  if (import.meta.env.VITE_EXPECT_REACT) expect(version.split('.')[0]).toBe(import.meta.env.VITE_EXPECT_REACT);
});
