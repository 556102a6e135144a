const { app, output } = require('@azure/functions');

const copy = output.storageBlob({ path: 'bench-out/{name}', connection: 'AzureWebJobsStorage' });

// Reads each blob of bench-in and writes it to bench-out under the same name, after a first line saying when
// the function started: the benchmark reads the upload-to-start latency from it.
app.storageBlob('copy', {
  path: 'bench-in/{name}',
  connection: 'AzureWebJobsStorage',
  extraOutputs: [copy],
  handler: async (blob, context) => {
    const startedAt = Date.now();
    context.extraOutputs.set(copy, Buffer.concat([Buffer.from(`${startedAt}\n`), blob]));
  },
});
