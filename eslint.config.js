// Lint for every layer. The import layering is enforced by test/layering; here shared/ also gets
// the host-global half of "pure TypeScript", so a use of window or process names the rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const sharedIsPure = 'Layering rule "shared/ is pure TypeScript": no host globals; pass what you need in.';
const hostGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'self', 'process', 'Buffer', 'require', 'global', '__dirname', '__filename', 'setImmediate'];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['main/**', 'test/**', 'scripts/**', 'bench/**', '*.config.*', '*.js', '*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['renderer/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-globals': ['error', ...hostGlobals.map((name) => ({ name, message: sharedIsPure }))] },
  },
);
