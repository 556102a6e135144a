const { app, output } = require('@azure/functions');

const seen = output.storageQueue({ queueName: 'seen', connection: 'AzureWebJobsStorage' });

// Reports what the worker received, so the tests can check it against the reference host's shape.
app.storageQueue('copy', {
  queueName: '%OrdersQueue%',
  connection: 'AzureWebJobsStorage',
  extraOutputs: [seen],
  handler: (message, context) => {
    context.extraOutputs.set(seen, { type: typeof message, message, metadata: context.triggerMetadata });
  },
});

app.storageQueue('alwaysFails', {
  queueName: 'doomed',
  connection: 'AzureWebJobsStorage',
  handler: (message) => {
    throw new Error(`cannot process ${JSON.stringify(message)}`);
  },
});

app.storageQueue('fanOut', {
  queueName: 'fan-in',
  connection: 'AzureWebJobsStorage',
  return: output.storageQueue({ queueName: 'fan-out', connection: 'AzureWebJobsStorage' }),
  handler: (message) => [1, 2, 3].map((n) => ({ part: n, of: message })),
});

const never = output.storageQueue({ queueName: 'never', connection: 'AzureWebJobsStorage' });

app.storageQueue('writesThenFails', {
  queueName: 'write-then-fail',
  connection: 'AzureWebJobsStorage',
  extraOutputs: [never],
  handler: (message, context) => {
    context.extraOutputs.set(never, 'must not be written');
    throw new Error('failed after setting an output');
  },
});

const fromHttp = output.storageQueue({ queueName: 'from-http', connection: 'AzureWebJobsStorage' });

app.http('enqueue', {
  methods: ['POST'],
  authLevel: 'anonymous',
  extraOutputs: [fromHttp],
  handler: async (request, context) => {
    context.extraOutputs.set(fromHttp, await request.text());
    return { body: 'queued' };
  },
});

const unreachable = output.storageQueue({ queueName: 'nowhere', connection: 'NoSuchSetting' });

app.http('badOutput', {
  methods: ['POST'],
  authLevel: 'anonymous',
  extraOutputs: [unreachable],
  handler: async (request, context) => {
    context.extraOutputs.set(unreachable, 'lost?');
    return { body: 'should not be seen' };
  },
});
