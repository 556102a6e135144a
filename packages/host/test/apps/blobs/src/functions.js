const { app, input, output } = require('@azure/functions');

const connection = 'AzureWebJobsStorage';

// A JSON queue message: its properties are binding data, `%setting%` names the container.
app.storageQueue('orderToBlob', {
  queueName: 'orders-to-blob',
  connection,
  return: output.storageBlob({ path: '%OutputContainer%/orders/{id}.json', connection }),
  handler: (message) => ({ ...message, handled: true }),
});

// A text message: `{queueTrigger}` is the text itself.
app.storageQueue('textToBlob', {
  queueName: 'text-to-blob',
  connection,
  return: output.storageBlob({ path: 'outputs/text/{queueTrigger}.txt', connection }),
  handler: (message) => `got ${message}`,
});

const neverWritten = output.storageBlob({ path: 'outputs/never/{queueTrigger}', connection });

app.storageQueue('writesThenFails', {
  queueName: 'blob-write-then-fail',
  connection,
  extraOutputs: [neverWritten],
  handler: (message, context) => {
    context.extraOutputs.set(neverWritten, 'must not be written');
    throw new Error('failed after setting an output');
  },
});

// Route parameter `{id}` and JSON body property `{name}`; a second output named by `{DateTime}` and `{rand-guid}`.
const byRoute = output.storageBlob({ path: 'outputs/http/{id}/{name}.txt', connection });
const dated = output.storageBlob({ path: 'outputs/dated/{DateTime}/{rand-guid}.bin', connection });

app.http('saveItem', {
  methods: ['POST'],
  route: 'items/{id}',
  authLevel: 'anonymous',
  extraOutputs: [byRoute, dated],
  handler: async (request, context) => {
    const body = await request.json();
    context.extraOutputs.set(byRoute, body.text);
    context.extraOutputs.set(dated, Buffer.from([0, 1, 2, 255]));
    return { body: 'saved' };
  },
});

const textIn = input.storageBlob({ path: 'inputs/{name}', connection });

app.http('readText', {
  methods: ['GET'],
  route: 'read/{name}',
  authLevel: 'anonymous',
  extraInputs: [textIn],
  handler: (request, context) => {
    const value = context.extraInputs.get(textIn);
    return { jsonBody: { type: value === null ? 'null' : typeof value, value: value ?? null } };
  },
});

const bytesIn = input.storageBlob({ path: 'inputs/{queueTrigger}', connection, dataType: 'binary' });
const bytesSeen = output.storageBlob({ path: 'outputs/seen/{queueTrigger}.json', connection });

app.storageQueue('readBytes', {
  queueName: 'read-bytes',
  connection,
  extraInputs: [bytesIn],
  extraOutputs: [bytesSeen],
  handler: (message, context) => {
    const value = context.extraInputs.get(bytesIn);
    context.extraOutputs.set(bytesSeen, {
      isBuffer: Buffer.isBuffer(value),
      bytes: value ? [...value] : null,
    });
  },
});

const badPath = input.storageBlob({ path: 'inputs/{noSuchValue}', connection });

app.http('badInputPath', {
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [badPath],
  handler: () => ({ body: 'should not run' }),
});

// Each run writes one report blob, so the tests can count runs.
const runReport = output.storageBlob({ path: 'outputs/runs/{name}/{rand-guid}.json', connection });

app.storageBlob('mirror', {
  path: 'uploads/{name}.{ext}',
  connection,
  extraOutputs: [runReport],
  return: output.storageBlob({ path: 'outputs/mirrored/{name}-copy.{ext}', connection }),
  handler: (content, context) => {
    context.extraOutputs.set(runReport, {
      isBuffer: Buffer.isBuffer(content),
      text: content.toString(),
      metadata: context.triggerMetadata,
    });
    return content;
  },
});

app.storageBlob('blobAlwaysFails', {
  path: 'doomed/{name}',
  connection,
  handler: (content) => {
    throw new Error(`cannot take ${content.length} bytes`);
  },
});

// Large blobs: the content passes straight through, trigger to output and input to output.
app.storageBlob('bigCopy', {
  path: 'big-in/{name}',
  connection,
  return: output.storageBlob({ path: 'big-out/{name}', connection }),
  handler: (content) => content,
});

const bigSource = input.storageBlob({ path: 'big-src/{queueTrigger}', connection, dataType: 'binary' });

app.storageQueue('bigRead', {
  queueName: 'big-read',
  connection,
  extraInputs: [bigSource],
  return: output.storageBlob({ path: 'big-out/read-{queueTrigger}', connection }),
  handler: (message, context) => context.extraInputs.get(bigSource),
});
