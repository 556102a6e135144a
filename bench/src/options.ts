import { parseArgs } from 'node:util';

/**
 * The benchmark items `--only` can pick. The floor runs with `protocol`; memory comes with protocol and http;
 * `soak` puts the host's limits under pressure.
 */
export const ITEMS = ['protocol', 'http', 'startup', 'codec', 'queue', 'blob', 'soak'] as const;

/** One benchmark item. */
export type Item = (typeof ITEMS)[number];

/** Item names accepted by `--only` on top of {@link ITEMS}, and what they run. */
const ALIASES: Readonly<Record<string, readonly Item[]>> = {
  floor: ['protocol'],
  memory: ['protocol', 'http'],
};

/** What one `npm run bench` run does. */
export interface BenchOptions {
  /** Tiny counts, one repeat: every item exercised in a few seconds. */
  readonly smoke: boolean;
  readonly items: ReadonlySet<Item>;
  /** Length of each measured run in milliseconds. */
  readonly durationMs: number;
  /** Measured runs per figure; the table shows their median. */
  readonly repeats: number;
  /** Start-ups measured per process kind. */
  readonly starts: number;
  /** Other workers to run beside ours, as shell-like command lines. */
  readonly workerCommands: readonly string[];
}

/** The usage text, printed for `--help` and with every command-line error. */
export const USAGE = `Usage: npm run bench -- [--smoke] [--only protocol,http,startup,codec,queue,blob,soak] [--duration <seconds>]
                         [--repeats <n>] [--worker-cmd "<command>"]...`;

/** Reads the command line: `help` for `--help`; throws with the usage text on anything it does not understand. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      duration: { type: 'string' },
      repeats: { type: 'string' },
      'worker-cmd': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const smoke = values.smoke ?? false;
  return {
    smoke,
    items: parseItems(values.only),
    durationMs: positive(values.duration, smoke ? 0.25 : 3, 'duration') * 1000,
    repeats: Math.round(positive(values.repeats, smoke ? 1 : 3, 'repeats')),
    starts: smoke ? 1 : 5,
    workerCommands: values['worker-cmd'] ?? [],
  };
}

function parseItems(only: string | undefined): ReadonlySet<Item> {
  if (only === undefined) return new Set(ITEMS);
  const items = new Set<Item>();
  for (const name of only.split(',').map((part) => part.trim().toLowerCase())) {
    const picked = (ITEMS as readonly string[]).includes(name) ? [name as Item] : ALIASES[name];
    if (!picked) throw new Error(`Unknown item '${name}'.\n${USAGE}`);
    for (const item of picked) items.add(item);
  }
  return items;
}

function positive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number.\n${USAGE}`);
  return value;
}
