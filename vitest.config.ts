import { defineConfig } from 'vitest/config';

/**
 * `npm test`: unit and integration tests. The real site is built at most once per run
 * (tests/support/globalSetup.ts and buildSite.ts); the toolchain checks and the 1,000-post
 * budgets are `npm run test:slow`, the browser tests `npm run test:e2e`. docs/testing.md.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    // Three files at a time on two cores: most of a test's time is spent waiting on a local server,
    // a store deadline or a child process, and vitest's default here ran one file at a time.
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
});
