module.exports = async function (context, req) {
  const previous = context.bindings.previous;
  context.bindings.saved = (previous ?? '') + req.rawBody;
  context.res = { body: previous === undefined || previous === null ? 'new' : `had ${previous}` };
};
