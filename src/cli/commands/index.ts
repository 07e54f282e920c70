import type { Command } from 'commander'

/** Registers every subcommand. Add one line per command file. */
export function registerCommands(program: Command): void {
  void program
}
