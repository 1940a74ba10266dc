// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'jest.config.js', 'eslint.config.mjs', 'web/dist/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*'], message: 'Use a path alias (@duban/...) instead of ../../' }] }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'bullmq',
                'ioredis',
                'pg',
                'express',
                '@duban/persistence',
                '@duban/plans',
                '@duban/units',
                '@duban/tasks',
                '@duban/auth',
                '@duban/seed',
                '@duban/inbox',
                '@duban/timers',
                '@duban/rectification',
                '@duban/deadlines',
                '@duban/webhooks',
                '@duban/platform',
                '@duban/config',
              ],
              message: 'libs/domain stays pure: no framework or I/O imports',
            },
            {
              group: ['fs', 'node:fs', 'fs/*', 'node:fs/*', 'http', 'node:http', 'net', 'node:net', 'child_process', 'node:child_process'],
              message: 'libs/domain does no I/O',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.medium-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': 'off',
    },
  },
);
