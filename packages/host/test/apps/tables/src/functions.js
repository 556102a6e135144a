const { app, input, output } = require('@azure/functions');

const connection = 'AzureWebJobsStorage';

/** A GET function that answers what its table input gave it, so the tests see null, undefined and objects apart. */
function answersInput(name, route, tableInput) {
  app.http(name, {
    methods: ['GET'],
    route,
    authLevel: 'anonymous',
    extraInputs: [tableInput],
    handler: (request, context) => {
      const value = context.extraInputs.get(tableInput);
      return { jsonBody: { type: value === null ? 'null' : typeof value, value: value ?? null } };
    },
  });
}

// One entity by keys from the route; the table name from a %setting%.
answersInput(
  'getPerson',
  'people/{team}/{id}',
  input.table({
    tableName: '%PeopleTable%',
    partitionKey: '{team}',
    rowKey: '{id}',
    connection,
  }),
);

// The table name itself from the route.
answersInput(
  'getFromTable',
  'tables/{table}',
  input.table({ tableName: '{table}', partitionKey: 'p', rowKey: 'r', connection }),
);

// A query: a partition from the route, a filter with a quoted text and a number from the query string.
answersInput(
  'queryTeam',
  'teams/{team}',
  input.table({
    tableName: 'People',
    partitionKey: '{team}',
    filter: "(Name ne '{skip}') and (Age ge {minAge})",
    connection,
  }),
);

// A partition alone, at most two.
answersInput(
  'firstTwo',
  'first-two/{team}',
  input.table({ tableName: 'People', partitionKey: '{team}', take: 2, connection }),
);

// A query of a table named by the route (which may not exist).
answersInput('queryTable', 'query/{table}', input.table({ tableName: '{table}', connection }));

// Whatever JSON body is posted is the output value; the binding's keys fill in missing ones.
const saved = output.table({ tableName: '{table}', partitionKey: 'default-pk', rowKey: '{rk}', connection });

app.http('save', {
  methods: ['POST'],
  route: 'save/{table}/{rk}',
  authLevel: 'anonymous',
  extraOutputs: [saved],
  handler: async (request, context) => {
    context.extraOutputs.set(saved, JSON.parse(await request.text()));
    return { body: 'saved' };
  },
});

// Read an entity, change it and write it back with its ETag: a replace that checks the ETag.
const counter = input.table({ tableName: 'Counters', partitionKey: 'c', rowKey: '{id}', connection });
const counterOut = output.table({ tableName: 'Counters', connection });

app.http('bump', {
  methods: ['POST'],
  route: 'bump/{id}',
  authLevel: 'anonymous',
  extraInputs: [counter],
  extraOutputs: [counterOut],
  handler: (request, context) => {
    const current = context.extraInputs.get(counter);
    const next = current
      ? { ...current, Count: current.Count + 1 }
      : { PartitionKey: 'c', RowKey: request.params.id, Count: 1 };
    context.extraOutputs.set(counterOut, next);
    return { body: String(next.Count) };
  },
});

// `$return` of a queue function: a JSON message becomes one entity, an array several.
app.storageQueue('queueToTable', {
  queueName: 'to-table',
  connection,
  return: output.table({ tableName: 'FromQueue', partitionKey: 'q', connection }),
  handler: (message) => message,
});

const neverWritten = output.table({ tableName: 'Never', partitionKey: 'p', rowKey: 'r', connection });

app.http('writesThenFails', {
  methods: ['POST'],
  authLevel: 'anonymous',
  extraOutputs: [neverWritten],
  handler: (request, context) => {
    context.extraOutputs.set(neverWritten, { Value: 'must not be written' });
    throw new Error('failed after setting an output');
  },
});
