// The conformance kit's functions for the @azure/functions v4 programming model. Names and behaviour are
// the contract described in the testkit README; every kit app implements the same.
const { app } = require('@azure/functions');

// FNRPC_KIT_HTTP_STREAM=true serves the same functions in HTTP streaming mode: the worker advertises
// HttpUri and the kit forwards each HTTP request to it (BEHAVIOR 6.6).
if (process.env.FNRPC_KIT_HTTP_STREAM === 'true') app.setup({ enableHttpStream: true });

app.http('hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const name = request.query.get('name') || (await request.text()) || 'world';
    return { body: `Hello, ${name}!` };
  },
});

app.http('echo', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'echo/{category}/{id}',
  handler: async (request) => ({
    jsonBody: {
      method: request.method,
      query: Object.fromEntries(request.query.entries()),
      headers: Object.fromEntries(request.headers.entries()),
      params: request.params,
    },
  }),
});

app.http('body', {
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => ({
    headers: { 'content-type': request.headers.get('content-type') || 'application/octet-stream' },
    body: Buffer.from(await request.arrayBuffer()),
  }),
});

app.http('respond', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => ({
    status: 201,
    headers: { 'x-kit': 'yes' },
    cookies: [{ name: 'kit', value: '1', path: '/', httpOnly: true }],
    body: 'created',
  }),
});

app.http('fail', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async () => {
    throw new Error('kit failure');
  },
});

app.http('logs', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (_request, context) => {
    context.log('kit log 1');
    context.warn('kit log 2');
    return { body: 'logged' };
  },
});

app.http('slow', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const ms = Number(request.query.get('ms') || '1000');
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { body: 'done' };
  },
});

app.timer('timer', {
  schedule: '0 0 0 1 1 *',
  handler: async (timer, context) => {
    context.log(`timer ran, isPastDue=${timer.isPastDue}`);
  },
});

app.storageQueue('queue', {
  queueName: 'kit-items',
  connection: 'AzureWebJobsStorage',
  handler: async (message, context) => {
    context.log(`queue got ${message} dequeueCount=${context.triggerMetadata.dequeueCount}`);
  },
});
