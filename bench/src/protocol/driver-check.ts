import type { BenchOptions } from '../options.js';
import { HELLO_APP } from '../paths.js';
import { closedLoop } from './closed-loop.js';
import { measureRun, TOP_LEVEL, warmUpBound, type Figures } from './measure.js';
import { testkitSession, type Session } from './session.js';
import { floorWorker, type FloorRecording } from './worker-targets.js';

/** Runs of the same floor behind each driver, alternating. */
export interface DriverCheck {
  readonly level: number;
  readonly testkit: Figures[];
  readonly lean: Figures[];
}

/**
 * Puts a second floor behind the testkit's WorkerDriver and alternates runs with the lean-driven floor at
 * the highest level: if the WorkerDriver floor is slower, the driver, not the worker, sets the limit there.
 */
export async function driverCheck(
  leanFloor: Session,
  recording: FloorRecording | undefined,
  options: BenchOptions,
): Promise<DriverCheck> {
  const level = TOP_LEVEL;
  const testkit = await testkitSession(floorWorker(recording), HELLO_APP);
  try {
    await closedLoop(testkit.call, level, warmUpBound(options));
    const check: DriverCheck = { level, testkit: [], lean: [] };
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      check.testkit.push(await measureRun(testkit, level, options));
      check.lean.push(await measureRun(leanFloor, level, options));
    }
    return check;
  } finally {
    await testkit.dispose();
  }
}
