const { app, output, input } = require('@azure/functions');

const queueOut = output.storageQueue({ queueName: 'out-queue', connection: 'AzureWebJobsStorage' });
const blobIn = input.storageBlob({ path: 'samples/{queueTrigger}', connection: 'AzureWebJobsStorage' });

app.timer('tick', {
  schedule: '0 */5 * * * *',
  handler: async (timer, context) => {
    context.log(
      `timer past due: ${timer.isPastDue}, next: ${timer.scheduleStatus && timer.scheduleStatus.next}`,
    );
  },
});

app.storageQueue('orders', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  extraInputs: [blobIn],
  extraOutputs: [queueOut],
  handler: async (message, context) => {
    const blob = context.extraInputs.get(blobIn);
    context.extraOutputs.set(queueOut, {
      received: message,
      dequeueCount: context.triggerMetadata.dequeueCount,
      blob: blob ? blob.toString() : null,
    });
    return { done: true };
  },
});

app.storageBlob('blobs', {
  path: 'samples/{name}',
  connection: 'AzureWebJobsStorage',
  return: output.storageQueue({ queueName: 'blob-sizes', connection: 'AzureWebJobsStorage' }),
  handler: async (blob, context) => `${context.triggerMetadata.name}:${blob.length}`,
});
