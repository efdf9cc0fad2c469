import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'tools/**', '.data/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/vite.config.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The shape of the house (STYLE.md): apps -> libs, workflows -> libs/domain only, domain depends on nothing of ours.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:workflows', onlyDependOnLibsWithTags: ['scope:domain'] },
            { sourceTag: 'scope:lib', onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:workflows'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:workflows', 'scope:app'] },
          ],
        },
      ],
    },
  },
];
