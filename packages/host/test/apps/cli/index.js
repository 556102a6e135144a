const { app } = require('@azure/functions');

app.http('hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async (request, context) => {
    context.log(`greeting ${request.query.get('name')}`);
    return { body: `Hello, ${request.query.get('name')}!` };
  },
});

app.timer('ticker', {
  schedule: '0 0 0 1 1 *',
  useMonitor: false,
  handler: async () => undefined,
});

app.http('secured', {
  methods: ['GET'],
  route: 'Secure/Area',
  authLevel: 'function',
  handler: async () => ({ body: 'secured' }),
});
