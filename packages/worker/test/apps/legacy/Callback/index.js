module.exports = function (context, req) {
  setTimeout(() => {
    if (req.query.fail) {
      context.done(new Error('callback failure'));
      return;
    }
    context.res = { body: 'done through the callback' };
    context.done();
  }, 5);
};
