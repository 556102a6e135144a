module.exports = async function (context) {
  context.log('waiting for cancellation');
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 20000);
    context.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(context.signal.reason);
    });
  });
  context.res = { body: 'not cancelled' };
};
