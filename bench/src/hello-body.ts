/**
 * What bench/apps/http-hello's function answers. The HTTP baseline sends the same body, autocannon
 * checks it, and each worker's first response must carry it.
 */
export const HELLO_BODY = 'Hello, world!';
