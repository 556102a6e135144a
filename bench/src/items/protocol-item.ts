import { toBinary } from '@bufbuild/protobuf';
import { InvocationResponseSchema } from '@functions-rpc/protocol';
import { dotnetApps, dotnetSkipped, isMissing } from '../dotnet/dotnet-app.js';
import type { BenchOptions } from '../options.js';
import { HELLO_APP } from '../paths.js';
import { driverCheck } from '../protocol/driver-check.js';
import { measure, warmUp } from '../protocol/measure.js';
import { leanSession, type Session } from '../protocol/session.js';
import {
  commandWorker,
  dotnetWorker,
  floorWorker,
  ourWorker,
  type FloorRecording,
  type WorkerTarget,
} from '../protocol/worker-targets.js';
import type { ItemOutcome } from '../report/row.js';
import { floorOutcome, protocolOutcome, workerMemoryOutcome, type ProtocolCast } from './protocol-rows.js';

/**
 * Items 1, 2 and the workers' half of item 5: our worker, the floor (answering with our worker's
 * recorded response), the .NET isolated worker (where dotnet is on PATH) and any `--worker-cmd` worker, each
 * behind the lean driver, warmed up and measured interleaved; then the driver check.
 */
export async function protocolItems(options: BenchOptions): Promise<ItemOutcome[]> {
  const sessions: Session[] = [];
  const open = async (target: WorkerTarget): Promise<Session> => {
    const session = await leanSession(target, target.appDir ?? HELLO_APP);
    sessions.push(session);
    return session;
  };
  try {
    const target = ourWorker();
    const ours = typeof target === 'string' ? undefined : await open(target);
    const recording = ours && record(ours);
    const floor = await open(floorWorker(recording));
    const others: Session[] = [];
    const dotnet = await dotnetApps();
    if (!isMissing(dotnet)) others.push(await open(dotnetWorker(dotnet.rpcHttp.dir)));
    for (const [index, line] of options.workerCommands.entries()) {
      others.push(await open(distinct(commandWorker(line), index, sessions)));
    }
    const cast: ProtocolCast = { floor, others, ...(ours ? { ours } : { missing: String(target) }) };
    await warmUp(sessions, options);
    const measured = await measure(sessions, options);
    const check = await driverCheck(floor, recording, options);
    return [
      protocolOutcome(cast, measured),
      floorOutcome(cast, measured, check),
      workerMemoryOutcome(cast, measured),
      ...(isMissing(dotnet) ? [dotnetSkipped('protocol', dotnet)] : []),
    ];
  } finally {
    await Promise.all(sessions.map((session) => session.dispose()));
  }
}

/** Two `--worker-cmd` workers with the same script name get numbered. */
function distinct(target: WorkerTarget, index: number, sessions: readonly Session[]): WorkerTarget {
  const taken = sessions.some((session) => session.name === target.name);
  return taken ? { ...target, name: `${target.name}#${index + 1}` } : target;
}

/** What the floor copies from our worker: its response and its capabilities. */
function record(session: Session): FloorRecording {
  const response = Buffer.from(toBinary(InvocationResponseSchema, session.response)).toString('base64');
  return { response, capabilities: session.capabilities };
}
