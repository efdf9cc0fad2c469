// Like every project's config, plus .tsx: swc parses JSX with React's automatic runtime, and *.spec.tsx are tests.
const { projectConfig } = require('../../jest.preset.js');

const config = projectConfig('web', __dirname);
// The preset's swc options, whatever pattern it files them under.
const [, swcOptions] = Object.values(config.transform).find(([transformer]) => transformer === '@swc/jest');

module.exports = {
  ...config,
  testMatch: [...config.testMatch, '**/*.spec.tsx'],
  transform: {
    // First, so it wins over the preset's own pattern (which also matches .tsx).
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        ...swcOptions,
        jsc: {
          ...swcOptions.jsc,
          parser: { ...swcOptions.jsc.parser, tsx: true },
          transform: { ...swcOptions.jsc.transform, react: { runtime: 'automatic' } },
        },
      },
    ],
    ...config.transform,
  },
};
