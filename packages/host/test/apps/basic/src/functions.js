const { app, trigger } = require('@azure/functions');

app.http('hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async (request, context) => {
    const name = request.query.get('name') || (await request.text()) || 'world';
    context.log(`greeting ${name}`);
    return { body: `${process.env.GREETING}, ${name}! (pid ${process.pid})` };
  },
});

app.http('secured', {
  methods: ['GET'],
  authLevel: 'function',
  handler: async () => ({ body: 'secret' }),
});

app.http('adminOnly', {
  methods: ['GET'],
  authLevel: 'admin',
  handler: async () => ({ body: 'admin' }),
});

app.http('slow', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const ms = Number(request.query.get('ms') || '200');
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { body: `slept ${ms} (pid ${process.pid})` };
  },
});

app.http('crash', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    // Simulates a worker that dies in the middle of an invocation.
    setTimeout(() => process.exit(3), 50);
    await new Promise(() => undefined);
  },
});

app.generic('queued', {
  trigger: trigger.generic({ type: 'manualTrigger' }),
  handler: async (message, context) => {
    context.log(`queued got ${JSON.stringify(message)}`);
    if (message === 'fail') throw new Error('asked to fail');
  },
});

app.timer('ticker', {
  schedule: '0 0 0 1 1 *',
  useMonitor: false,
  handler: async (timer, context) => {
    context.log(`ticker isPastDue=${timer.isPastDue}`);
  },
});

app.timer('starter', {
  schedule: '0 0 0 1 1 *',
  runOnStartup: true,
  // No schedule status file in the fixture folder.
  useMonitor: false,
  handler: async (timer, context) => {
    context.log(`starter ran, isPastDue=${timer.isPastDue}`);
  },
});
