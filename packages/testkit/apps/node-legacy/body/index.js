module.exports = async function (context, req) {
  context.res = {
    headers: { 'content-type': req.headers['content-type'] || 'application/octet-stream' },
    body: req.bufferBody || Buffer.alloc(0),
  };
};
