/** Unit tests (*.spec.ts) live next to the code; medium tests (*.medium-spec.ts, real PostgreSQL) in test/medium, end-to-end tests in test/ (*.e2e-spec.ts). */
const moduleNameMapper = {
  '^@duban/(domain|persistence|config|platform|plans|units|tasks|auth|seed|inbox|clock|rectification|workflow|outbox|reports|unit-merge)$':
    '<rootDir>/libs/$1/src',
  '^@duban/(domain|persistence|config|platform|plans|units|tasks|auth|seed|inbox|clock|rectification|workflow|outbox|reports|unit-merge)/(.*)$':
    '<rootDir>/libs/$1/src/$2',
  '^@duban/idempotency$': '<rootDir>/libs/idempotency/src',
  '^@duban/idempotency/(.*)$': '<rootDir>/libs/idempotency/src/$1',
  '^@duban/attachments$': '<rootDir>/libs/attachments/src',
  '^@duban/attachments/(.*)$': '<rootDir>/libs/attachments/src/$1',
  // file-type publishes its Node entry only under the `import`/`module-sync` conditions (Node's require(esm) takes it)
  '^file-type$': '<rootDir>/node_modules/file-type/index.js',
};
/** Packages published only as ES modules, loaded by the attachments' type sniffer. */
const ESM_ONLY_PACKAGES = ['file-type', 'strtok3', 'token-types', '@tokenizer/inflate', 'uint8array-extras', '@borewit/text-codec'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  // file-type and its helpers are ES modules only (Node loads them with require(esm)); Jest's CommonJS runtime gets them transpiled
  [`/node_modules/(${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true }, isolatedModules: true },
  ],
};
const common = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
};

module.exports = {
  // Jest's default (cores − 1) runs one file at a time on a 2-core machine; every file has its own database
  // (a copy of the run's template), queue prefix, ports and, for the fault suites, its own PostgreSQL and Redis,
  // so two at a time overlap the files that mostly wait on processes and timers (CI 10.5 → 7.5 min of tests)
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  // real services on a shared 2-core machine: slow moments are not failures (a project cannot set it)
  testTimeout: 60_000,
  projects: [
    // test/support's own helpers are unit-tested too (the system-package decision)
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // installs LibreOffice when missing (or says how): reports.e2e-spec.ts reads the export back with it
      globalSetup: '<rootDir>/test/support/e2e-project-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'medium',
      // stores and services on a real, migrated PostgreSQL (a copy of the run's template per file), without HTTP or a Nest app
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'browser',
      // the whole story through the console in Debian's headless Chromium (see test/browser); its setup installs Chromium and a CJK font when missing
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'],
      // faults are injected into real processes: restarts and bursts take their time
      setupFilesAfterEnv: ['<rootDir>/test/reliability/support/timeouts.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
