// @ts-check
/** ESLint (flat config): typed rules where they catch real bugs (a dropped await on a Kafka send is a lost event),
 * and import rules that keep the monorepo's layout true (apps → libs, never app → app; pure libs import no framework). */
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const FRAMEWORK = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express'];
const appsOtherThan = (app) => ['issuer', 'authn', 'ip-registry', 'audit'].filter((a) => a !== app).map((a) => `**/apps/${a}/**`);

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.kafka/**', '.paspoort/**', 'bench/out/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Parsers of DER, PEM and CSV legitimately match control characters.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-empty': ['error', { allowEmptyCatch: true }] },
  },
  ...['issuer', 'authn', 'ip-registry', 'audit'].map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: appsOtherThan(app), message: 'an app never imports another app; share through libs/' }] },
      ],
    },
  })),
  {
    files: ['libs/contracts/src/**/*.ts', 'libs/pki/src/**/*.ts', 'libs/ip-rules/src/**/*.ts', 'libs/totp/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: FRAMEWORK, message: 'a pure lib imports no framework, database or broker client' },
            { group: ['**/apps/**'], message: 'libs never import apps' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/contracts/src/**', 'libs/pki/src/**', 'libs/ip-rules/src/**', 'libs/totp/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'libs never import apps' }] }] },
  },
);
