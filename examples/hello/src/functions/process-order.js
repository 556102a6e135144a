const { app } = require('@azure/functions');

// Without a storage account no queue feeds this function; fire it through the admin API instead
// (see the README).
app.storageQueue('processOrder', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  handler: async (message, context) => {
    context.log('Processing order', message);
  },
});
