const { app, trigger } = require('@azure/functions');

// Each function logs its attempt, so the test can count them and read the retry context.
function attempt(context) {
  const retry = context.retryContext;
  context.log(
    `attempt ${retry ? retry.retryCount : 'none'} of ${retry ? retry.maxRetryCount : 'none'}; previous: ${retry?.exception?.message ?? '-'}`,
  );
  return retry ? retry.retryCount : 0;
}

// Fails once, then succeeds on the first retry. The library rounds durations to whole seconds.
app.generic('flaky', {
  trigger: trigger.generic({ type: 'manualTrigger' }),
  retry: { strategy: 'fixedDelay', maxRetryCount: 3, delayInterval: { seconds: 1 } },
  handler: (_message, context) => {
    const count = attempt(context);
    if (count < 1) throw new Error(`flaky failure ${count}`);
  },
});

// No policy of its own: host.json's applies (one retry).
app.generic('defaulted', {
  trigger: trigger.generic({ type: 'manualTrigger' }),
  handler: (_message, context) => {
    attempt(context);
    throw new Error('defaulted');
  },
});

// A long wait before its retry, which stopping the host must cut short.
app.generic('patient', {
  trigger: trigger.generic({ type: 'manualTrigger' }),
  retry: { strategy: 'fixedDelay', maxRetryCount: 5, delayInterval: { minutes: 10 } },
  handler: (_message, context) => {
    attempt(context);
    throw new Error('patient');
  },
});

// Fails at start-up, then would wait ten minutes to retry: stopping the host must not wait for that.
app.timer('stubbornTimer', {
  schedule: '0 0 0 1 1 *',
  runOnStartup: true,
  retry: { strategy: 'fixedDelay', maxRetryCount: 5, delayInterval: { minutes: 10 } },
  handler: (_timer, context) => {
    attempt(context);
    throw new Error('stubborn');
  },
});

// HTTP functions are never retried, whatever host.json says.
app.http('broken', {
  authLevel: 'anonymous',
  handler: (_request, context) => {
    attempt(context);
    throw new Error('broken');
  },
});
