/** The host version sent in WorkerInitRequest and reported by the status API. */
export const HOST_VERSION = '4.1000.0';
