const { app } = require('@azure/functions');

// Large bodies: `upload` reads the whole request body and answers its size; `download` answers as many
// bytes as `?bytes=` asks for. The benchmark compares their MB/s with a node:http server doing the same.
app.http('upload', {
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => ({ body: String((await request.arrayBuffer()).byteLength) }),
});

const payloads = new Map();

app.http('download', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const bytes = Number(request.query.get('bytes') ?? 0);
    if (!payloads.has(bytes)) payloads.set(bytes, Buffer.alloc(bytes, 'x'));
    return { body: payloads.get(bytes), headers: { 'content-type': 'application/octet-stream' } };
  },
});
