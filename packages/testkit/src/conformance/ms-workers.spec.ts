import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDotnetApp, dotnetUnavailable } from '../dotnet-app.js';
import { launchFromWorkerConfig } from '../worker-config.js';
import { kitApp } from './kit-apps.js';
import { describeWorkerConformance } from './node-test.js';
import type { WorkerUnderTest } from './worker-session.js';

// Opt-in: Microsoft's Node.js and Python workers are not part of the repository. Each variable names a folder
// holding the worker's worker.config.json (see the package README for how to build them). The .NET isolated
// worker is the kit's .NET app itself: built (once per source content) wherever `dotnet` is on PATH, or the
// build output of another app named by FNRPC_DOTNET_ISOLATED_DIR.
const nodeWorkerDir = process.env['FNRPC_MS_NODE_WORKER_DIR'];
const pythonWorkerDir = process.env['FNRPC_MS_PYTHON_WORKER_DIR'];
const pythonPath = process.env['FNRPC_MS_PYTHON_PATH'];
const dotnet = process.env['FNRPC_DOTNET_ISOLATED_DIR']
  ? { appDir: process.env['FNRPC_DOTNET_ISOLATED_DIR'] }
  : await dotnetKitApp();

describeWorkerConformance(
  "Microsoft's Node.js worker with the kit v4 app",
  () =>
    nodeWorkerDir
      ? { launch: launchFromWorkerConfig(nodeWorkerDir), appDir: kitApp('node-v4'), workerDir: nodeWorkerDir }
      : undefined,
  {
    skipReason: 'FNRPC_MS_NODE_WORKER_DIR is not set (a folder holding its worker.config.json)',
    knownGaps: {
      terminate:
        "Microsoft's Node.js worker (3.9.1) runs its appTerminate hooks and exits on WorkerTerminate without waiting for the invocations in flight",
    },
  },
);

describeWorkerConformance(
  "Microsoft's Python worker with the kit v2 app",
  () => (pythonWorkerDir ? pythonTarget(pythonWorkerDir) : undefined),
  {
    skipReason: 'FNRPC_MS_PYTHON_WORKER_DIR is not set (a folder holding its worker.config.json)',
    knownGaps: {
      'stream-ended':
        "Microsoft's Python worker (4.34.0) keeps running after the host ends the stream: its gRPC thread ends, its event loop waits on a future nothing completes",
    },
  },
);

describeWorkerConformance(
  'a .NET isolated app (the worker is the app) built from the kit app apps/dotnet-isolated',
  () =>
    dotnet.appDir
      ? {
          launch: launchFromWorkerConfig(dotnet.appDir),
          appDir: dotnet.appDir,
          workerDir: dotnet.appDir,
          language: 'dotnet-isolated',
        }
      : undefined,
  {
    ...(dotnet.skipReason ? { skipReason: dotnet.skipReason } : {}),
    knownGaps: {
      'invocation-cancel':
        'Microsoft.Azure.Functions.Worker 2.52 writes an empty StreamingMessage after handling InvocationCancel',
      terminate:
        'Microsoft.Azure.Functions.Worker 2.52 writes an empty StreamingMessage after handling WorkerTerminate',
      'stream-ended': 'Microsoft.Azure.Functions.Worker 2.52 keeps running after the host ends the stream',
    },
  },
);

/**
 * Builds the kit's .NET app (or reuses its build of the same sources) and says so in the test log; the reason
 * to skip where `dotnet` is missing. A failed build throws: where `dotnet` is there, the suite must run.
 */
async function dotnetKitApp(): Promise<{ appDir?: string; skipReason?: string }> {
  const unavailable = await dotnetUnavailable();
  if (unavailable) {
    console.log(`# .NET isolated conformance suite skipped: ${unavailable}`);
    return { skipReason: unavailable };
  }
  const build = await buildDotnetApp(
    fileURLToPath(new URL('../../../apps/dotnet-isolated', import.meta.url)),
  );
  const how = build.built ? `built in ${build.ms} ms` : 'reused from an earlier build of the same sources';
  console.log(`# .NET isolated kit app: ${how} (${build.outputDir})`);
  return { appDir: build.outputDir };
}

/**
 * The Python worker with the `azure.functions` library on PYTHONPATH and no bytecode written into the kit's
 * app. (CONTAINER_NAME and WEBSITE_INSTANCE_ID must not be set: they make it re-execute itself with Azure's
 * own folders.)
 */
function pythonTarget(workerDir: string): WorkerUnderTest {
  const env: Record<string, string> = { PYTHONDONTWRITEBYTECODE: '1' };
  if (pythonPath) env['PYTHONPATH'] = [pythonPath, process.env['PYTHONPATH']].filter(Boolean).join(delimiter);
  return {
    launch: launchFromWorkerConfig(workerDir, env),
    appDir: kitApp('python-v2'),
    workerDir,
    language: 'python',
    extensions: ['.py'],
  };
}
