const { app } = require('@azure/functions');

app.http('cjsInEsmApp', { handler: async () => ({ body: 'CommonJS file in an ES module app' }) });
