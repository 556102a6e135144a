const { app, trigger } = require('@azure/functions');

app.generic('sleepy', {
  trigger: trigger.generic({ type: 'manualTrigger' }),
  handler: async (message) => {
    await new Promise((resolve) => setTimeout(resolve, Number(message) || 5000));
  },
});

app.generic('quick', {
  trigger: trigger.generic({ type: 'manualTrigger' }),
  handler: async () => `pid ${process.pid}`,
});

// Ignores its signal and answers long after functionTimeout (1 s).
app.http('sleepyHttp', {
  handler: async (request, context) => {
    await new Promise((resolve) => setTimeout(resolve, 4000));
    context.log('returning late');
    return { body: 'late success' };
  },
});
