// Stands for tracing set up before any function module loads.
globalThis.entryOrder = ['src/index.js'];
