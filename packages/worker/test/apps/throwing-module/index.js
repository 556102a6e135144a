require('@azure/functions');

throw new RangeError('The module refuses to load.');
