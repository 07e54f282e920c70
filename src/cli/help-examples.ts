/**
 * The "Examples:" block of each command's `--help`, kept in one table so every command gets
 * some and the CLI reference (docs/cli.md) can be checked against them. Keys are the command
 * path (`table show`); commands without an entry simply have no examples.
 */
import type { Command } from 'commander'

export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': [
    'streamlake demo --duration 30s',
    'streamlake run tumbling --trigger available-now',
    'streamlake status',
    'streamlake table describe ./data/tumbling_aggregates',
  ],
  demo: ['streamlake demo', 'streamlake demo --duration 30s', 'streamlake demo --reset'],
  generate: [
    'streamlake generate --out ./input --batches 10 --seed 42',
    'streamlake generate --out ./input --batches 6 --seed 7 \\\n      --start-time 2026-11-24T10:00:00Z --interval 1m',
  ],
  run: [
    'streamlake run passthrough --trigger available-now',
    'streamlake run tumbling --input in --data out --checkpoints cp',
    'streamlake run sessions --trigger processing-time:5s',
  ],
  table: [
    'streamlake table show ./data/events --limit 5',
    'streamlake table history ./data/events',
    'streamlake table describe ./data/events',
    'streamlake table optimize ./data/events',
    'streamlake table vacuum ./data/events --dry-run',
  ],
  checkpoint: ['streamlake checkpoint inspect ./checkpoints/tumbling'],
  status: [
    'streamlake status',
    'streamlake status --checkpoints ./checkpoints --json',
    'streamlake status --checkpoints ./checkpoints --progress-dir ./logs',
  ],
  'checkpoint inspect': [
    'streamlake checkpoint inspect ./checkpoints/tumbling',
    'streamlake checkpoint inspect ./checkpoints/tumbling --batches 50',
    'streamlake checkpoint inspect ./checkpoints/tumbling --json',
    'streamlake checkpoint inspect ./checkpoints/tumbling --progress-dir ./logs',
  ],
  'table show': [
    'streamlake table show ./data/events --limit 5',
    'streamlake table show ./data/tumbling_aggregates --json',
    'streamlake table show ./data/events --version 0',
  ],
  'table history': [
    'streamlake table history ./data/events',
    'streamlake table history ./data/events --json',
  ],
  'table optimize': [
    'streamlake table optimize ./data/events',
    `streamlake table optimize ./data/events --where "day = '2026-01-01'"`,
    'streamlake table optimize ./data/events --target-size 128mb --json',
  ],
  'table vacuum': [
    'streamlake table vacuum ./data/events --dry-run',
    'streamlake table vacuum ./data/events',
    'streamlake table vacuum ./data/events --retain 0 --disable-retention-check',
  ],
  'table restore': [
    'streamlake table restore ./data/events --version 3',
    'streamlake table restore ./data/events --timestamp "2026-01-01 12:00:00"',
  ],
  'table describe': [
    'streamlake table describe ./data/tumbling_aggregates',
    'streamlake table describe ./data/events --json',
  ],
  bench: [
    'streamlake bench',
    'streamlake bench --events 200000',
    'streamlake bench --workloads passthrough --out ./results',
  ],
}

/** Adds the examples to every registered command (call after all commands are registered). */
export function addHelpExamples(program: Command): void {
  const visit = (command: Command, path: string): void => {
    const examples = HELP_EXAMPLES[path]
    if (examples !== undefined && examples.length > 0) {
      command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`)
    }
    for (const sub of command.commands)
      visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`)
  }
  visit(program, '')
}
