import { defineConfig } from 'vitest/config';

/**
 * The slow checks: `npm run test:slow`. Checks of the toolchain around the code (a fresh checkout,
 * npm's install, the TypeScript compiler on a changed copy, the README's examples built, the
 * build's own log, the browser tests' build), every test that runs Astro itself on a copy or a
 * fixture of the project (builds, `astro sync`, `astro dev`), the budgets over a 1,000-post blog
 * and the burst of 120 concurrent submissions.
 * docs/testing.md.
 */
export default defineConfig({
  test: {
    include: ['tests/slow/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    testTimeout: 120_000, // one tsc run over the functions takes 35 to 40 s on the loaded two-core machine
    hookTimeout: 240_000,
  },
});
