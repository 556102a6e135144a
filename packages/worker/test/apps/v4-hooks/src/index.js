const { app } = require('@azure/functions');
const { writeFileSync } = require('node:fs');

app.hook.appStart((context) => {
  context.hookData.startedAt = 'app-start';
});

app.hook.preInvocation((context) => {
  context.hookData.pre = true;
  if (context.invocationContext.functionName === 'replaced') {
    context.functionHandler = async () => ({ body: 'replaced by preInvocation' });
  }
});

app.hook.postInvocation((context) => {
  if (context.invocationContext.functionName === 'hooked') {
    context.result = {
      jsonBody: {
        original: context.result.jsonBody,
        sawPre: context.hookData.pre === true,
        input: context.inputs.length,
      },
    };
  }
  if (context.invocationContext.functionName === 'observed') {
    context.result = { jsonBody: { error: context.error, errorIsNull: context.error === null } };
  }
  if (context.invocationContext.functionName === 'observedFailure') {
    const seen = {
      result: context.result,
      resultIsNull: context.result === null,
      error: context.error.message,
    };
    context.error = null;
    context.result = { jsonBody: seen };
  }
  if (context.invocationContext.functionName === 'recovered') {
    context.error = null;
    context.result = { body: 'recovered by postInvocation' };
  }
});

app.hook.log((context) => {
  if (context.category === 'user' && context.message.includes('secret')) {
    context.message = context.message.replace('secret', '******');
    context.level = 'warning';
  }
});

app.hook.appTerminate((context) => {
  if (process.env.TERMINATE_MARKER) {
    writeFileSync(process.env.TERMINATE_MARKER, `terminated after ${context.hookData.startedAt}`);
  }
});

app.http('hooked', { handler: async () => ({ jsonBody: { from: 'function' } }) });
app.http('replaced', { handler: async () => ({ body: 'original function' }) });
app.http('observed', { handler: async () => ({ body: 'succeeded' }) });
app.http('observedFailure', {
  handler: async () => {
    throw new Error('failed on purpose');
  },
});
app.http('recovered', {
  handler: async () => {
    throw new Error('to be recovered');
  },
});
app.http('secretLog', {
  handler: async (request, context) => {
    context.log('the secret is 42');
    return { body: 'ok' };
  },
});

app.http('core', {
  handler: async () => {
    const core = require('@azure/functions-core');
    let rangeError = null;
    try {
      core.registerHook('bogus', () => undefined);
    } catch (error) {
      rangeError = {
        name: error.name,
        system: error.isAzureFunctionsSystemError === true,
        message: error.message,
      };
    }
    let disposed = 0;
    core.log('warning', 'system', 'core log line');
    const disposable = core.Disposable.from({ dispose: () => disposed++ }, { dispose: () => disposed++ });
    disposable.dispose();
    disposable.dispose();
    return {
      jsonBody: {
        version: core.version,
        hostVersion: core.hostVersion,
        model: core.getProgrammingModel().name,
        rangeError,
        disposed,
        hasLog: typeof core.log === 'function',
      },
    };
  },
});
