import tseslint from 'typescript-eslint'

const NOT_CLI = ['**/cli/*']
const ENGINE = [
  '**/api/*',
  '**/exec/*',
  '**/plan/*',
  '**/sinks/*',
  '**/sources/*',
  '**/state/*',
  '**/monitor/*',
  '**/testing/*',
]

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'build/**',
      'coverage/**',
      'node_modules/**',
      '.cache/**',
      'test/fixtures/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/require-await': 'off',
      // Values are `unknown` by design (rows); String(v) on them is intended.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Layering (STYLE.md 2.1). A flat config keeps only the last matching setting of a rule, so
  // the blocks go from general to specific and each lists every folder its files may not import.
  {
    // Nothing imports the CLI.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: NOT_CLI }] },
  },
  {
    // delta knows nothing of the engine; sinks/delta adapts it.
    files: ['src/delta/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NOT_CLI, ...ENGINE] }] },
  },
  {
    // internal holds small helpers below every layer: it may use errors and types only.
    files: ['src/internal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...NOT_CLI, ...ENGINE, '**/delta/*', '**/generator/*', '**/apps/*'] },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
)
