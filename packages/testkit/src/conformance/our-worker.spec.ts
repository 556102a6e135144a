import { fileURLToPath } from 'node:url';
import { launchFromWorkerConfig } from '../worker-config.js';
import { kitApp } from './kit-apps.js';
import { describeWorkerConformance } from './node-test.js';

/** packages/worker, whose worker.config.json starts the bundled worker. */
const WORKER_DIR = fileURLToPath(new URL('../../../../worker/', import.meta.url));

describeWorkerConformance('our Node.js worker with the kit v4 app', {
  launch: launchFromWorkerConfig(WORKER_DIR),
  appDir: kitApp('node-v4'),
  workerDir: WORKER_DIR,
});

describeWorkerConformance(
  'our Node.js worker with the kit function.json app, old-style arguments',
  {
    launch: launchFromWorkerConfig(WORKER_DIR),
    appDir: kitApp('node-legacy'),
    workerDir: WORKER_DIR,
    argumentStyle: 'legacy',
  },
  {
    only: [
      'indexing',
      'load',
      'http-request-parts',
      'http-binary-body',
      'http-response-parts',
      'invocation-failure',
      'invocation-logs',
      'timer-invocation',
      'queue-invocation',
    ],
  },
);

describeWorkerConformance(
  'our Node.js worker with the kit v4 app in HTTP streaming mode (HttpUri)',
  {
    launch: launchFromWorkerConfig(WORKER_DIR, { FNRPC_KIT_HTTP_STREAM: 'true' }),
    appDir: kitApp('node-v4'),
    workerDir: WORKER_DIR,
  },
  {
    only: [
      'http-request-parts',
      'http-json-body',
      'http-binary-body',
      'http-response-parts',
      'invocation-failure',
      'invocation-logs',
      'invocation-cancel',
      'environment-reload',
      'terminate',
    ],
  },
);
