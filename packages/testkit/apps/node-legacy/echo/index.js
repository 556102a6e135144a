module.exports = async function (context, req) {
  context.res = {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: req.method, query: req.query, headers: req.headers, params: req.params }),
  };
};
