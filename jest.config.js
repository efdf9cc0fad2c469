// One jest run over every project, so the suite ends with one summary (see scripts/jest.mjs).
module.exports = {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  projects: [
    '<rootDir>/libs/domain',
    '<rootDir>/libs/contracts',
    '<rootDir>/libs/event-store',
    '<rootDir>/libs/read-models',
    '<rootDir>/libs/application',
    '<rootDir>/libs/reference-data',
    '<rootDir>/libs/personal-data',
    '<rootDir>/libs/payments',
    '<rootDir>/workflows',
    '<rootDir>/apps/api',
    '<rootDir>/apps/worker',
    '<rootDir>/apps/web',
    '<rootDir>/test',
  ],
};
