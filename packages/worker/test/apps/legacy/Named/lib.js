module.exports.other = () => {
  throw new Error('the wrong export was called');
};
module.exports.handler = async function (context, req) {
  return { body: `named entry point saw ${req.method}` };
};
