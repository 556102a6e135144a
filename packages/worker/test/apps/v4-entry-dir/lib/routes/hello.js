const { app } = require('@azure/functions');

globalThis.dirOrder?.push('lib/routes/hello.js');

app.http('dirOrder', {
  handler: async () => ({ jsonBody: globalThis.dirOrder ?? 'setup.js was not loaded first' }),
});
