import type { Command } from 'commander'
import { registerDemo } from './demo.js'
import { registerGenerate } from './generate.js'
import { registerRun } from './run.js'
import { registerTable } from './table.js'

/** Registers every subcommand. Add one line per command file. */
export function registerCommands(program: Command): void {
  registerDemo(program)
  registerGenerate(program)
  registerRun(program)
  registerTable(program)
}
