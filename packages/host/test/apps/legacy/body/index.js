// Describes the body the legacy model gave the function.
module.exports = async function (context, req) {
  const body = req.body;
  context.res = {
    body: {
      type: Buffer.isBuffer(body) ? 'buffer' : body === null ? 'null' : typeof body,
      body: Buffer.isBuffer(body) ? body.toString('utf8') : body,
      rawBody: req.rawBody,
    },
  };
};
