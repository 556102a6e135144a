const { app } = require('@azure/functions');

// GET /api/hello?name=Ada or POST /api/hello with the name as the body.
app.http('hello', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: async (request, context) => {
    const name = request.query.get('name') || (await request.text()) || 'world';
    context.log(`Greeting ${name}`);
    return { body: `Hello, ${name}!` };
  },
});
