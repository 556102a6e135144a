// Always fails; logs the retry context it was given.
module.exports = async function (context) {
  const retry = context.executionContext.retryContext;
  context.log(`attempt ${retry ? retry.retryCount : 'none'} of ${retry ? retry.maxRetryCount : 'none'}`);
  throw new Error('backoff');
};
