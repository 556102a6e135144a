import { buildInteropApp, dotnetUnavailable, type InteropDotnetApp } from '@functions-rpc/testkit';
import type { ItemOutcome } from '../report/row.js';

/** The .NET isolated worker's name in the table. */
export const DOTNET_WORKER = 'dotnet-isolated';

/** A built .NET isolated app whose `hello` function answers as the hello app's does. */
export interface DotnetApp {
  /** How the table names the app's host: `dotnet-isolated`, `dotnet-isolated ASP.NET Core`. */
  readonly label: string;
  /** The build output, which `fnrpc start` serves and the worker runs in. */
  readonly dir: string;
}

/** Both interop apps: requests as RpcHttp, and through the ASP.NET Core integration. */
export interface DotnetApps {
  readonly rpcHttp: DotnetApp;
  readonly aspNetCore: DotnetApp;
}

/** Why the .NET rows are missing. */
export interface DotnetMissing {
  readonly missing: string;
}

let built: Promise<DotnetApps | DotnetMissing> | undefined;

/**
 * interop/dotnet-isolated's two apps, built at most once per run and reused across runs while their sources
 * are unchanged; a reason when `dotnet` is absent.
 */
export function dotnetApps(): Promise<DotnetApps | DotnetMissing> {
  built ??= buildBoth();
  return built;
}

/** Whether the apps could not be had. */
export function isMissing(apps: DotnetApps | DotnetMissing): apps is DotnetMissing {
  return 'missing' in apps;
}

/** The outcome that says an item ran without the .NET worker, and why. */
export function dotnetSkipped(item: string, missing: DotnetMissing): ItemOutcome {
  return { item, status: 'skipped', reason: `${DOTNET_WORKER}: ${missing.missing}`, rows: [] };
}

async function buildBoth(): Promise<DotnetApps | DotnetMissing> {
  const unavailable = await dotnetUnavailable();
  if (unavailable) return { missing: unavailable };
  return {
    rpcHttp: await build('HttpApp', DOTNET_WORKER),
    aspNetCore: await build('AspNetApp', `${DOTNET_WORKER} ASP.NET Core`),
  };
}

async function build(app: InteropDotnetApp, label: string): Promise<DotnetApp> {
  const result = await buildInteropApp(app);
  const how = result.built ? `built in ${(result.ms / 1000).toFixed(1)} s` : 'build reused';
  console.log(`  ${app}: ${how} (${result.outputDir})`);
  return { label, dir: result.outputDir };
}
