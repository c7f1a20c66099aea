// @ts-check
import eslint from '@eslint/js';
import astro from 'eslint-plugin-astro';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', '.astro/', '.netlify/', '.data/', 'node_modules/', 'test-results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // One way to write HTML (netlify/server/web/html.ts): the `html` tag escapes every value it is
    // given. Escaping by hand elsewhere is how a value once went out unescaped, so it does not pass lint.
    files: ['netlify/**/*.{ts,mts}', 'local/**/*.ts', 'integrations/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['netlify/server/web/html.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/html.ts', '#server/web/html.ts'],
              importNames: ['escapeHtml'],
              message: 'Build HTML with the `html` tag from web/html.ts; it escapes every value. No escaping by hand.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Identifier[name=/^escapeHtml$/]',
          message: 'Build HTML with the `html` tag from netlify/server/web/html.ts; it escapes every value. No escaping by hand.',
        },
        {
          selector: 'Literal[value=/^&(lt|gt|quot|amp|#39|#x27);$/]',
          message: 'An HTML entity written by hand is a hand escape: build HTML with the `html` tag from netlify/server/web/html.ts.',
        },
      ],
    },
  },
);
