import type { MemorySample } from '../process/memory.js';
import type { DriverCheck } from '../protocol/driver-check.js';
import { finalMemory, LEVELS, medianFigures, type Figures, type Measurements } from '../protocol/measure.js';
import type { Session } from '../protocol/session.js';
import { row, type ItemOutcome, type Row } from '../report/row.js';

/** The figures each level shows, with their labels. */
const MEASURES: readonly (readonly [string, (figures: Figures) => number])[] = [
  ['inv/s', (figures) => figures.perSecond],
  ['p50 ms', (figures) => figures.p50Ms],
  ['p99 ms', (figures) => figures.p99Ms],
  ['worker CPU µs/inv', (figures) => figures.cpuUsPerCall],
];

/** Who was measured in the protocol items, and against what. */
export interface ProtocolCast {
  /** Why our worker is missing, when it is. */
  readonly missing?: string;
  readonly ours?: Session;
  readonly floor: Session;
  /** The `--worker-cmd` workers. */
  readonly others: readonly Session[];
}

/** Item 1: our worker against the floor, other workers against ours (or the floor without ours). */
export function protocolOutcome(cast: ProtocolCast, measured: Measurements): ItemOutcome {
  const reference = cast.ours ?? cast.floor;
  const rows = [
    ...(cast.ours ? levelRows('protocol', cast.ours, measured, cast.floor) : []),
    ...cast.others.flatMap((other) => levelRows('protocol', other, measured, reference)),
  ];
  const raw = Object.fromEntries(
    [...measured.runs].map(([name, levels]) => [name, Object.fromEntries(levels)]),
  );
  if (cast.missing)
    return { item: 'protocol', status: 'skipped', reason: `our worker: ${cast.missing}`, rows, raw };
  return { item: 'protocol', status: 'ok', rows, raw };
}

/** Item 2: the floor's own figures (when ours is missing), its response size, and the driver check. */
export function floorOutcome(cast: ProtocolCast, measured: Measurements, check: DriverCheck): ItemOutcome {
  const { ours, floor } = cast;
  const testkit = medianFigures(check.testkit);
  const lean = medianFigures(check.lean);
  const sizeBaseline = ours && { subject: ours.name, value: ours.responseBytes };
  const rows = [
    ...(ours ? [] : levelRows('floor', floor, measured)),
    row('floor', floor.name, 'response bytes', floor.responseBytes, sizeBaseline),
    ...(testkit && lean
      ? figureRows('floor', 'floor via WorkerDriver', check.level, testkit, lean, 'floor via lean driver')
      : []),
  ];
  return {
    item: 'floor',
    status: 'ok',
    rows,
    raw: { driverCheck: check, responseBytes: floor.responseBytes },
  };
}

/** Item 5, workers: each worker's memory after the runs and its peak, against the floor's. */
export function workerMemoryOutcome(cast: ProtocolCast, measured: Measurements): ItemOutcome {
  const floorMemory = finalMemory(measured, cast.floor);
  const measuredOnes = cast.ours ? [cast.ours, ...cast.others] : [cast.floor, ...cast.others];
  const rows = measuredOnes.flatMap((session) => {
    const sample = finalMemory(measured, session);
    if (!sample) return [];
    const base = session === cast.floor ? undefined : floorMemory;
    const memoryRow = (measure: string, pick: (memory: MemorySample) => number): Row =>
      row(
        'memory',
        `worker ${session.name}`,
        measure,
        pick(sample),
        base && { subject: 'worker floor', value: pick(base) },
      );
    return [
      memoryRow('RSS after runs MiB', (memory) => memory.rssMiB),
      memoryRow('peak RSS MiB', (memory) => memory.peakRssMiB),
    ];
  });
  const raw = Object.fromEntries(
    [...measured.memory].map(([name, levels]) => [name, Object.fromEntries(levels)]),
  );
  return { item: 'memory', status: 'ok', rows, raw };
}

function levelRows(item: string, session: Session, measured: Measurements, base?: Session): Row[] {
  return LEVELS.flatMap((level) => {
    const figures = medianFigures(measured.runs.get(session.name)?.get(level));
    if (!figures) return [];
    const baseFigures = base && medianFigures(measured.runs.get(base.name)?.get(level));
    return figureRows(item, session.name, level, figures, baseFigures, base?.name ?? '');
  });
}

function figureRows(
  item: string,
  subject: string,
  level: number,
  figures: Figures,
  base: Figures | undefined,
  baseName: string,
): Row[] {
  return MEASURES.map(([label, pick]) =>
    row(item, subject, `${label} @${level}`, pick(figures), base && { subject: baseName, value: pick(base) }),
  );
}
