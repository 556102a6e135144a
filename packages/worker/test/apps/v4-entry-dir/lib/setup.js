globalThis.dirOrder = ['lib/setup.js'];
