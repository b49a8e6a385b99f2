// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The domain layers run in plain Node tests and in benchmarks, so they must never load the editor API.
const editorFreeFolders = [
  'src/aws/**',
  'src/docker/**',
  'src/taskdef/**',
  'src/logs/**',
  'src/workflows/**',
  'src/explorer/nodes/**',
  'src/taskDefinitions/nodes/**',
  'src/repositories/nodes/**',
  'src/metrics/**',
  'src/scaling/**',
  'src/shared/**',
  'src/ssm/**',
];

export default tseslint.config(
  {
    ignores: [
      'out-*/**',
      'out/**',
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'scripts/**',
      'examples/**',
      '.tools/**',
      'eslint.config.mjs',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: editorFreeFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Domain layers stay editor-free: pass what you need in.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
