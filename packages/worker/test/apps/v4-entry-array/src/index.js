const { app } = require('@azure/functions');

app.http('neverRegistered', { handler: async () => ({ body: 'loaded' }) });
