/**
 * The Chromium the browser tests drive: `scripts/chromium-env.sh` finds it, or installs Debian's
 * package when it may (so `npm test` on a bare machine needs no step of its own), or fails with
 * a message saying what to install. The first install takes a minute or two: give the calling
 * hook a long timeout (CHROMIUM_SETUP_MS).
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../scripts/chromium-env.sh', import.meta.url))

export const CHROMIUM_SETUP_MS = 10 * 60_000

export function chromiumPath(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(SCRIPT, [], { timeout: CHROMIUM_SETUP_MS - 5_000 }, (error, stdout, stderr) => {
      if (stderr) process.stderr.write(stderr)
      if (error) reject(new Error(`no Chromium for the browser test:\n${stderr || error.message}`))
      else resolve(stdout.trim())
    })
  })
}
