import { defineConfig } from 'vitest/config';

/** Browser tests: `npm run test:e2e`. Debian's Chromium against the built site served locally. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One browser at a time: these machines have two cores.
    fileParallelism: false,
  },
});
