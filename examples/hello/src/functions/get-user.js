const { app } = require('@azure/functions');

// The route constraint {id:int} only matches whole numbers: /api/users/abc is a 404.
app.http('getUser', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'users/{id:int}',
  handler: async (request) => {
    const id = Number(request.params.id);
    return { jsonBody: { id, name: `User ${id}` } };
  },
});
