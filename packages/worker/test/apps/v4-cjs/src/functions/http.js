const { app } = require('@azure/functions');

app.http('hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const name = request.query.get('name') || (await request.text()) || 'world';
    return { body: `Hello, ${name}!` };
  },
});

app.http('echo', {
  methods: ['GET', 'POST', 'PUT'],
  route: 'echo/{category}/{id?}',
  handler: async (request, context) => {
    const contentType = request.headers.get('content-type') || '';
    let body;
    if (contentType.includes('application/json')) body = await request.json();
    else if (contentType.includes('application/octet-stream'))
      body = Buffer.from(await request.arrayBuffer()).toString('base64');
    else if (contentType.includes('form')) body = Object.fromEntries((await request.formData()).entries());
    else body = await request.text();
    return {
      status: 201,
      headers: { 'x-echo': 'yes' },
      cookies: [{ name: 'session', value: 'abc', httpOnly: true, sameSite: 'Strict', maxAge: 60 }],
      jsonBody: {
        method: request.method,
        url: request.url,
        query: Object.fromEntries(request.query.entries()),
        params: request.params,
        headers: Object.fromEntries(request.headers.entries()),
        cookie: request.headers.get('cookie'),
        body,
        functionName: context.functionName,
        invocationId: context.invocationId,
      },
    };
  },
});

app.http('binary', {
  methods: ['POST'],
  handler: async (request) => {
    const bytes = Buffer.from(await request.arrayBuffer());
    return { body: Buffer.from(bytes.reverse()), headers: { 'content-type': 'application/octet-stream' } };
  },
});

app.http('fails', {
  handler: async () => {
    const error = new TypeError('The function failed on purpose.');
    throw error;
  },
});

// An error that cannot even be described: reading its message throws.
app.http('failsOddly', {
  handler: async () => {
    const error = new Error('unused');
    Object.defineProperty(error, 'message', {
      get() {
        throw new RangeError('The message getter failed.');
      },
    });
    throw error;
  },
});

app.http('logs', {
  handler: async (request, context) => {
    context.log('context.log line');
    context.warn('context.warn line');
    console.log('console.log line', { n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    console.error('console.error after await');
    return { body: 'logged' };
  },
});

app.http('env', {
  handler: async () => ({ body: `${process.env.GREETING ?? 'unset'} from ${process.cwd()}` }),
});

app.http('wait', {
  handler: async (request) => {
    const ms = Number(request.query.get('ms') || '100');
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { body: `waited ${ms}` };
  },
});

app.http('cancellable', {
  handler: async (request, context) => {
    context.log('started');
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 20000);
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(context.signal.reason);
      });
    });
    return { body: 'not cancelled' };
  },
});

app.http('lateRegister', {
  handler: async () => {
    try {
      app.http('tooLate', { handler: async () => ({ body: 'never' }) });
      return { body: 'registered' };
    } catch (error) {
      return { status: 500, body: error.message };
    }
  },
});
