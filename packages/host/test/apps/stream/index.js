const { app } = require('@azure/functions');
const { Readable } = require('node:stream');

app.setup({ enableHttpStream: true });

// Counts the bytes of the request body as they stream in.
app.http('count', {
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    let bytes = 0;
    for await (const chunk of request.body) bytes += chunk.length;
    return { body: `received ${bytes} bytes` };
  },
});

// Sends its answer in several chunks with pauses in between.
app.http('ticks', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const count = Number(request.query.get('count') || '3');
    async function* ticks() {
      for (let i = 0; i < count; i++) {
        yield `tick ${i}\n`;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return { body: Readable.from(ticks()), headers: { 'content-type': 'text/plain' } };
  },
});
