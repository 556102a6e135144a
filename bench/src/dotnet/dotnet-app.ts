import { buildInteropApp, dotnetUnavailable } from '@functions-rpc/testkit';
import type { ItemOutcome } from '../report/row.js';

/** The .NET isolated worker's name in the table. */
export const DOTNET_WORKER = 'dotnet-isolated';

/** Why the .NET items are skipped, in the shape `--worker-cmd`-less runs report a missing part. */
export interface DotnetMissing {
  readonly missing: string;
}

let built: Promise<string | DotnetMissing> | undefined;

/**
 * The build output of interop/dotnet-isolated/HttpApp (its `hello` function answers as the hello app's), built
 * at most once per run and reused across runs while its sources are unchanged; a reason when `dotnet` is absent.
 */
export function dotnetHelloApp(): Promise<string | DotnetMissing> {
  built ??= build();
  return built;
}

/** The outcome that says an item ran without the .NET worker, and why. */
export function dotnetSkipped(item: string, missing: DotnetMissing): ItemOutcome {
  return { item, status: 'skipped', reason: `${DOTNET_WORKER}: ${missing.missing}`, rows: [] };
}

async function build(): Promise<string | DotnetMissing> {
  const unavailable = await dotnetUnavailable();
  if (unavailable) return { missing: unavailable };
  const result = await buildInteropApp('HttpApp');
  const how = result.built ? `built in ${(result.ms / 1000).toFixed(1)} s` : 'build reused';
  console.log(`  ${DOTNET_WORKER} app: ${how} (${result.outputDir})`);
  return result.outputDir;
}
