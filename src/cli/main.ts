#!/usr/bin/env node
/**
 * The `streamlake` command line. Each subcommand lives in `commands/<verb>.ts` and registers
 * itself on the commander program; this file only wires them and owns the one top-level catch
 * that turns errors into a banner and an exit code (2 bad usage/input, 1 failed query).
 */
import { Command, CommanderError } from 'commander'
import { asEngineError } from '../errors/index.js'
import { registerCommands } from './commands/index.js'
import { renderError } from './render-error.js'

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
  program
    .name('streamlake')
    .description(
      'Spark Structured Streaming in TypeScript: embedded engine, real Delta Lake tables.',
    )
    .exitOverride()
    .showHelpAfterError()
  registerCommands(program)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2
    }
    process.stderr.write(renderError(error))
    if (asEngineError(error).domain === 'user') return 2
    return 1
  }
}

// `streamlake table show … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(renderError(error))
    process.exitCode = 1
  },
)
