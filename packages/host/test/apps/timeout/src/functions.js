const { app } = require('@azure/functions');

app.storageQueue('sleepy', {
  queueName: 'sleepy',
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    await new Promise((resolve) => setTimeout(resolve, Number(message) || 5000));
  },
});

app.storageQueue('quick', {
  queueName: 'quick',
  connection: 'AzureWebJobsStorage',
  handler: async () => `pid ${process.pid}`,
});
