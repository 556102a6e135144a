globalThis.entryOrder?.push('src/functions/b.js');
