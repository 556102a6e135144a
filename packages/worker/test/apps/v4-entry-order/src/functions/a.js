const { app } = require('@azure/functions');

globalThis.entryOrder?.push('src/functions/a.js');

app.http('order', {
  handler: async () => ({ jsonBody: globalThis.entryOrder ?? 'index.js was not loaded first' }),
});
