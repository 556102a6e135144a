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
