/**
 * The Python with `deltalake` that the `*.interop.test.ts` files run delta-rs with. Only
 * `npm run test:interop` runs those files (their own vitest config), and it sets
 * STREAMLAKE_PYTHON from scripts/python-env.sh; without it they fail, saying so, instead of
 * skipping.
 */
export function deltaRsPython(): string {
  const python = process.env['STREAMLAKE_PYTHON']
  if (!python)
    throw new Error(
      'STREAMLAKE_PYTHON is not set: run these tests with `npm run test:interop`, which creates the cached delta-rs venv (scripts/python-env.sh) and sets it.',
    )
  return python
}
