/** One jest run for unit, integration and end-to-end tests; see README "Tests". */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
const moduleNameMapper = { '^@paspoort/([a-z-]+)$': '<rootDir>/libs/$1/src' };

const base = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleNameMapper, rootDir: __dirname };

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
        '<rootDir>/test/fuzz/**/*.spec.ts',
      ],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/apps/*/test/**/*.int-spec.ts',
        '<rootDir>/libs/*/test/**/*.int-spec.ts',
        '<rootDir>/test/e2e/**/*.e2e-spec.ts',
        '<rootDir>/bench/test/**/*.int-spec.ts',
        '<rootDir>/test/fuzz/**/*.int-spec.ts',
      ],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
};
