import type { Command } from 'commander'
import { addHelpExamples } from '../help-examples.js'
import { registerBench } from './bench.js'
import { registerCheckpoint } from './checkpoint.js'
import { registerDemo } from './demo.js'
import { registerGenerate } from './generate.js'
import { registerRun } from './run.js'
import { registerStatus } from './status.js'
import { registerTable } from './table.js'

/** Registers every subcommand. Add one line per command file. */
export function registerCommands(program: Command): void {
  registerDemo(program)
  registerGenerate(program)
  registerRun(program)
  registerTable(program)
  registerStatus(program)
  registerCheckpoint(program)
  registerBench(program)
  addHelpExamples(program)
}
