import type { Handler } from './handler.js';

/**
 * CloseSharedMemoryResourcesRequest: this worker never maps shared memory, so it reports every named map
 * as not closed by it (false), as the Python worker does for maps it does not hold.
 */
export const handleCloseSharedMemoryResourcesRequest: Handler<'closeSharedMemoryResourcesRequest'> = (
  worker,
  message,
) => {
  const closeMapResults: Record<string, boolean> = {};
  for (const name of message.content.value.mapNames) closeMapResults[name] = false;
  worker.reply(message, 'closeSharedMemoryResourcesResponse', { closeMapResults });
};
