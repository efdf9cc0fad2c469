import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'tools/**', '.data/**', 'tmp/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/vite.config.mts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The shape of the house (docs/style.md): apps -> libs, workflows -> libs/domain only, domain depends on nothing of ours.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // test-support (test/support) is a leaf: fresh databases, tool paths, processes. Specs anywhere may use it.
            { sourceTag: 'scope:test-support', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:test-support'] },
            { sourceTag: 'scope:workflows', onlyDependOnLibsWithTags: ['scope:domain', 'scope:test-support'] },
            { sourceTag: 'scope:lib', onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:test-support'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:workflows', 'scope:test-support'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:workflows', 'scope:app', 'scope:test-support'] },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at JSON bodies and fixtures (`any` is the honest type there) and load app modules by path.
    files: ['**/*.spec.ts', '**/*.spec.tsx', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
];
