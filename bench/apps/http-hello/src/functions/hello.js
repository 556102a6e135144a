const { app } = require('@azure/functions');

// The smallest useful HTTP function: the benchmark measures the path around it, not the function.
app.http('hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async () => ({ body: 'Hello, world!' }),
});
