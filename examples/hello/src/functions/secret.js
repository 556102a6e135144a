const { app } = require('@azure/functions');

// authLevel 'function' requires a key: ?code=<key> or the x-functions-key header.
app.http('secret', {
  methods: ['GET'],
  authLevel: 'function',
  handler: async () => ({ body: 'You have a valid key.' }),
});
