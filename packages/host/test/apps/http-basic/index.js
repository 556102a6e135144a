const { app } = require('@azure/functions');

// Echoes what the function saw of the request, so tests can check the RpcHttp the host built.
app.http('echo', {
  methods: ['GET', 'POST', 'PUT'],
  authLevel: 'anonymous',
  route: 'echo/{id?}',
  handler: async (request) => {
    const headers = {};
    for (const [key, value] of request.headers) headers[key] = value;
    const query = {};
    for (const [key, value] of request.query) query[key] = value;
    const body = Buffer.from(await request.arrayBuffer());
    return {
      jsonBody: {
        method: request.method,
        url: request.url,
        params: request.params,
        query,
        headers,
        bodyLength: body.length,
        bodyText: body.toString('utf8'),
      },
    };
  },
});

app.http('secured', {
  methods: ['GET'],
  authLevel: 'function',
  handler: async () => ({ body: 'function level' }),
});

app.http('adminOnly', {
  methods: ['GET'],
  authLevel: 'admin',
  handler: async () => ({ body: 'admin level' }),
});

// A response with a status, headers and cookies carrying every attribute.
app.http('cookies', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => ({
    status: 201,
    headers: { 'x-custom': 'yes', 'content-type': 'text/html' },
    cookies: [
      {
        name: 'session',
        value: 'a b',
        domain: 'example.com',
        path: '/app',
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        maxAge: 3600,
        expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
      },
      { name: 'plain', value: '1', sameSite: 'None' },
    ],
    body: '<p>made</p>',
  }),
});

app.http('bytes', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => ({ body: new Uint8Array([0, 1, 2, 255]) }),
});

app.http('fail', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    throw new Error('secret failure detail');
  },
});

app.http('slow', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    return { body: 'late' };
  },
});

app.http('empty', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => undefined,
});

// The benchmark's function: as little work as an HTTP function can do.
app.http('hello', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => ({ body: 'hello' }),
});
