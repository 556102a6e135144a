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

// Reads the request body as it streams in, and reports what the forwarded request looked like.
app.http('upload', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'upload/{name}',
  handler: async (request) => {
    let bytes = 0;
    for await (const chunk of request.body) bytes += chunk.length;
    return {
      status: 202,
      headers: { 'x-seen-url': request.url, 'x-seen-param': request.params.name },
      jsonBody: { bytes, custom: request.headers.get('x-custom') },
    };
  },
});

// Sends its answer in chunks with pauses in between; the tests read them as they come.
app.http('ticks', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const count = Number(request.query.get('count') || '3');
    async function* ticks() {
      for (let i = 0; i < count; i++) {
        yield `tick ${i}\n`;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return { body: Readable.from(ticks()), headers: { 'content-type': 'text/plain' } };
  },
});

app.http('boom', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    throw new Error('stream failure detail');
  },
});
