import { app } from '@azure/functions';
import { greeting } from './greeting.mjs';

app.http('esmHello', {
  handler: async (request) => ({
    body: `${greeting} from an ES module, ${request.query.get('name') ?? 'anonymous'}`,
  }),
});
