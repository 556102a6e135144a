import { Capability, StatusResult_Status, validateFunction } from '@functions-rpc/protocol';
import type { WorkerScenario } from '../scenario.js';
import { check } from '../verdict.js';
import { loadRequest } from '../worker-session.js';
import { expectAlive } from '../alive.js';

/** Capabilities whose value the reference host parses as a boolean (BEHAVIOR 5.2). */
const BOOLEAN_CAPABILITIES: readonly string[] = [
  Capability.WorkerApplicationInsightsLoggingEnabled,
  Capability.WorkerOpenTelemetryEnabled,
];

export const startStream: WorkerScenario = {
  name: 'start-stream',
  title: 'StartStream is the first message and carries the worker id from the command line',
  async run(session) {
    check(
      session.refused.length === 0,
      `the server refused a stream: ${session.refused.map((refused) => refused.details).join('; ')}`,
    );
  },
};

export const initResponse: WorkerScenario = {
  name: 'init-response',
  title: 'WorkerInitResponse: Success, worker_metadata, capability values the host can read',
  async run(session) {
    const response = await session.init();
    const message = session.receivedOf('workerInitResponse')[0];
    check(response.workerMetadata, 'WorkerInitResponse has no worker_metadata', message);
    check(response.workerMetadata.runtimeName, 'worker_metadata has no runtime_name', message);
    for (const [name, value] of Object.entries(response.capabilities)) {
      check(value !== '', `capability ${name} has an empty value, which the host reads as absent`, message);
      if (BOOLEAN_CAPABILITIES.includes(name))
        check(
          /^(true|false)$/i.test(value),
          `capability ${name} must be "true" or "false", got "${value}"`,
          message,
        );
      if (name === Capability.HttpUri)
        check(URL.canParse(value), `capability HttpUri must be an absolute URI, got "${value}"`, message);
    }
  },
};

export const indexing: WorkerScenario = {
  name: 'indexing',
  title:
    'FunctionsMetadataRequest: valid worker indexing, or use_default_metadata_indexing with function.json',
  async run(session) {
    await session.init();
    const functions = [...(await session.index()).values()];
    const [reply] = session.receivedOf('functionMetadataResponse');
    check(functions.length > 0, 'no functions were indexed', reply);
    const ids = new Set<string>();
    for (const fn of functions) {
      check(fn.functionId, `function '${fn.name}' has no function_id`, reply);
      check(!ids.has(fn.functionId), `function_id '${fn.functionId}' is used twice`, reply);
      ids.add(fn.functionId);
      try {
        validateFunction(fn.name, fn.parsedBindings);
      } catch (error) {
        check(
          false,
          `function '${fn.name}' would be dropped by the host: ${(error as Error).message}`,
          reply,
        );
      }
    }
  },
};

export const load: WorkerScenario = {
  name: 'load',
  title: 'FunctionLoadRequest per function: each answered with its function_id and Success',
  async run(session) {
    await session.init();
    await session.index();
    await session.load();
  },
};

export const loadCollection: WorkerScenario = {
  name: 'load-collection',
  title: 'FunctionLoadRequestCollection: one FunctionLoadResponseCollection answering every function',
  async run(session) {
    await session.init();
    session.requires('SupportsLoadResponseCollection');
    const functions = [...(await session.index()).values()];
    const reply = await session.driver.request(
      'functionLoadRequestCollection',
      { functionLoadRequests: functions.map(loadRequest) },
      'functionLoadResponseCollection',
    );
    const responses = reply.content.value.functionLoadResponses;
    for (const fn of functions) {
      const answers = responses.filter((response) => response.functionId === fn.functionId);
      check(answers.length === 1, `function '${fn.name}' is answered ${answers.length} times`, reply);
      check(
        answers[0]?.result?.status === StatusResult_Status.Success,
        `loading '${fn.name}' failed: ${answers[0]?.result?.exception?.message ?? 'no result'}`,
        reply,
      );
    }
    check(
      responses.length === functions.length,
      'the collection answers functions that were not asked',
      reply,
    );
  },
};

export const loadUnknownFunction: WorkerScenario = {
  name: 'load-unknown-function',
  title: 'A load request for a function the app does not have is answered (with its id and a result)',
  async run(session) {
    await session.ready();
    const functionId = `no-such-function-${Date.now()}`;
    const reply = await session.driver.request(
      'functionLoadRequest',
      {
        functionId,
        metadata: {
          name: 'nosuchfunction',
          functionId,
          directory: `${session.driver.appDir}/nosuchfunction`,
          scriptFile: `${session.driver.appDir}/nosuchfunction/index.js`,
          bindings: { req: { type: 'httpTrigger' } },
        },
      },
      'functionLoadResponse',
      (response) => response.functionId === functionId,
    );
    check(reply.content.value.result, 'the FunctionLoadResponse has no result', reply);
    await expectAlive(session);
  },
};
