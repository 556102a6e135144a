const { app, output } = require('@azure/functions');

const orders = output.storageQueue({ queueName: 'orders', connection: 'AzureWebJobsStorage' });
const shipments = output.storageQueue({ queueName: 'shipments', connection: 'AzureWebJobsStorage' });

// POST /api/orders puts the order on the `orders` queue (written before the 202 goes out).
app.http('placeOrder', {
  methods: ['POST'],
  route: 'orders',
  authLevel: 'anonymous',
  extraOutputs: [orders],
  handler: async (request, context) => {
    const order = await request.json();
    context.extraOutputs.set(orders, order);
    return { status: 202, jsonBody: { queued: order } };
  },
});

// Runs for each message of `orders` (Azurite locally, started by `npm start`), and passes it on to `shipments`.
app.storageQueue('processOrder', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  extraOutputs: [shipments],
  handler: async (message, context) => {
    context.log('Processing order', message, `(attempt ${context.triggerMetadata.dequeueCount})`);
    context.extraOutputs.set(shipments, { ...message, shippedAt: new Date().toISOString() });
  },
});
