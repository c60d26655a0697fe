/**
 * The root jest config with test/fuzz added: unit fuzzing (`*.spec.ts`) and the HTTP edge (`*.int-spec.ts`).
 * Until the root config lists test/fuzz itself: `npx jest -c test/fuzz/jest.fuzz.config.js test/fuzz`.
 */
const root = require('../../jest.config.js');

const extra = { unit: '<rootDir>/test/fuzz/**/*.spec.ts', integration: '<rootDir>/test/fuzz/**/*.int-spec.ts' };

module.exports = {
  ...root,
  projects: root.projects.map((project) => ({ ...project, testMatch: [...project.testMatch, extra[project.displayName]] })),
};
