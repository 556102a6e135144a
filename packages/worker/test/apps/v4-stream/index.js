const { app } = require('@azure/functions');

app.setup({ enableHttpStream: true, capabilities: { CustomCapability: 42 } });

app.http('streamed', {
  handler: async (request) => ({ body: `streamed ${request.method} ${await request.text()}` }),
});
