// ESLint: typescript-eslint's strict and stylistic type-checked rules, and the import layering of src/.
//
// TypeScript 7 ships no JavaScript API (7.1 will), and typescript-eslint needs one. So package.json installs
// TypeScript side by side, as TypeScript 7.0's release notes describe: `@typescript/native` is TypeScript 7
// and owns `tsc` (`npm run typecheck` checks with 7), while the package named `typescript` is
// @typescript/typescript6, the TypeScript 6 API typescript-eslint reads types with (its CLI is `tsc6`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every TypeScript file is held to the type-checked rules: src/, the tests, the scripts. */
const typeChecked = ['src/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', 'vitest.config.ts'];

/** A folder of src/ may not import these (what the layers above it are). */
const forbiddenImports = (folders, why) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: `^\\.\\./(${folders.join('|')})/`, message: why }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'eval/', 'knowledge/', 'lexicon/', 'model/'] },
  {
    files: typeChecked,
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // With noUncheckedIndexedAccess every unchecked index is already visible to the compiler; `xs[i]!` after a
      // bounds check (or on a fixture a test built) is how this code says "checked", so the rule would only add noise.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers in messages and paths are the norm here; objects, null and undefined still need saying how to print.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => resolve()` as a callback is idiomatic; a void value used anywhere else is still flagged.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `string[]`, but `Array<{ name: string }>`: the codebase's existing style.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Plain JavaScript run by Node: the config itself and the scripts that start the compiled bot.
    files: ['eslint.config.js', 'scripts/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Layering (STYLE.md): engine and knowledge import nothing from the front ends or the commands; commands never
  // import discord.js. tests/layering.test.ts holds the whole folder graph (cycles, lower → higher).
  {
    files: ['src/engine/**/*.ts', 'src/knowledge/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: forbiddenImports(
      ['discord', 'console', 'commands', 'cli'],
      'engine and knowledge sit below the commands and front ends: pass what they need in instead.',
    ),
  },
  {
    files: ['src/commands/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'discord.js', message: 'A command handler returns a Reply; src/discord/ renders it for Discord.' }],
          patterns: [{ regex: '^\\.\\./(discord|console|cli)/', message: 'Commands sit below the front ends: return a Reply instead.' }],
        },
      ],
    },
  },
);
