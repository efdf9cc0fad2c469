// Shared jest settings: TypeScript through swc (with decorator metadata), the tsconfig path aliases as module names.
const path = require('node:path');

const root = __dirname;
const aliases = {
  '^@puljeflow/domain$': path.join(root, 'libs/domain/src/index.ts'),
  '^@puljeflow/event-store$': path.join(root, 'libs/event-store/src/index.ts'),
  '^@puljeflow/application$': path.join(root, 'libs/application/src/index.ts'),
  '^@puljeflow/reference-data$': path.join(root, 'libs/reference-data/src/index.ts'),
  '^@puljeflow/personal-data$': path.join(root, 'libs/personal-data/src/index.ts'),
  '^@puljeflow/payments$': path.join(root, 'libs/payments/src/index.ts'),
  '^@puljeflow/read-models$': path.join(root, 'libs/read-models/src/index.ts'),
  '^@puljeflow/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
  '^@puljeflow/workflows$': path.join(root, 'workflows/src/public.ts'),
  '^@puljeflow/test-support$': path.join(root, 'test/support/index.ts'),
};

function projectConfig(displayName, dir) {
  return {
    displayName,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['**/*.spec.ts', '**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    moduleNameMapper: aliases,
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
  };
}

module.exports = { projectConfig, aliases };
