const { app, output } = require('@azure/functions');

const processed = output.storageBlob({ path: 'samples-out/{name}', connection: 'AzureWebJobsStorage' });

// Runs once for each new or changed blob in `samples-in` (the host looks every 2 seconds) and writes an
// upper-cased copy under the same name to `samples-out`.
app.storageBlob('processSample', {
  path: 'samples-in/{name}',
  connection: 'AzureWebJobsStorage',
  extraOutputs: [processed],
  handler: async (blob, context) => {
    context.log(`Processing blob ${context.triggerMetadata.blobTrigger} (${blob.length} bytes)`);
    context.extraOutputs.set(processed, blob.toString('utf8').toUpperCase());
  },
});
