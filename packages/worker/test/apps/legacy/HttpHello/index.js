module.exports = async function (context, req) {
  context.log('legacy hello for', req.query.name);
  console.log('console in legacy');
  context.res = {
    status: 202,
    headers: { 'X-Legacy': 'yes' },
    body: {
      hello: req.query.name,
      method: req.method,
      body: req.body,
      header: req.get('x-custom'),
      params: req.params,
      invocationId: context.invocationId,
      functionName: context.executionContext.functionName,
      sameReq: context.req === req && context.bindings.req === req,
    },
  };
};
