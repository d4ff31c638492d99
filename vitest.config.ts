import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most suites wait on real servers, child processes and browsers rather than the CPU, so a third worker on the
    // 2-core CI machine shortens the run without starving the Argon2id-heavy ones (timeouts stay generous).
    maxWorkers: 3,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
