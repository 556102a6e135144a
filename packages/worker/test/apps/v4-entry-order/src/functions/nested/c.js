globalThis.entryOrder?.push('src/functions/nested/c.js');
