// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_DEEP_RELATIVE = { group: ['../../*'], message: 'Use a path alias (@duban/...) instead of ../../' };
/** Libraries do not know HTTP: requests are validated, and refusals answered, in apps/api. */
const NO_REQUEST_VALIDATION = {
  group: ['class-validator', 'class-transformer'],
  message: 'request DTOs live in apps/api/src/<capability>/*.dto.ts; a library service takes a plain input interface',
};
const NO_HTTP_SERVER = {
  group: ['@nestjs/platform-*', 'express', 'fastify', '@fastify/*'],
  message: 'libraries do not know HTTP: routes, uploads and middleware are the api’s',
};
const NO_HTTP_EXCEPTIONS = {
  name: '@nestjs/common',
  importNames: [
    'HttpException',
    'HttpStatus',
    'BadRequestException',
    'UnauthorizedException',
    'ForbiddenException',
    'NotFoundException',
    'ConflictException',
    'GoneException',
    'PayloadTooLargeException',
    'UnprocessableEntityException',
    'InternalServerErrorException',
    'ServiceUnavailableException',
  ],
  message: 'libraries throw DomainError (invalid, forbidden, notFound, conflict from @duban/domain); the api’s exception filter answers HTTP',
};

export default tseslint.config(
  // api-types.generated.ts is openapi-typescript's output (npm run api:types): type-checked, not linted (its `X | (never | null)` is the generator's)
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'jest.config.js', 'eslint.config.mjs', 'web/dist/**', 'apps/console/src/api-types.generated.ts'] },
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
      'no-restricted-imports': ['error', { patterns: [NO_DEEP_RELATIVE] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_HTTP_EXCEPTIONS], patterns: [NO_DEEP_RELATIVE, NO_REQUEST_VALIDATION, NO_HTTP_SERVER] }] },
  },
  {
    // the guard answers 401 and 403 and the login throttle 429 before any route runs
    files: ['libs/auth/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_DEEP_RELATIVE, NO_REQUEST_VALIDATION, NO_HTTP_SERVER] }] },
  },
  {
    // the environment is validated by one class-validator class
    files: ['libs/config/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_HTTP_EXCEPTIONS], patterns: [NO_DEEP_RELATIVE, NO_HTTP_SERVER] }] },
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
                'class-validator',
                'class-transformer',
                'typeorm',
                'bullmq',
                'ioredis',
                'pg',
                'express',
                'fastify',
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
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': 'off',
    },
  },
);
