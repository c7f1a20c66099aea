import { defineConfig } from 'vitest/config';

/**
 * The slow checks: `npm run test:slow`. Checks of the toolchain around the code (a fresh checkout,
 * npm's install, the TypeScript compiler on a changed copy, the README's examples built, the
 * build's own log, the browser tests' build) and the budgets over a 1,000-post blog. Each builds or
 * compiles a copy of the project of its own; none shares anything with `npm test`. docs/testing.md.
 */
export default defineConfig({
  test: {
    include: ['tests/slow/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
