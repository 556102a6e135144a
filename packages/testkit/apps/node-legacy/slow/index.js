module.exports = async function (context, req) {
  await new Promise((resolve) => setTimeout(resolve, Number(req.query.ms || '1000')));
  context.res = { body: 'done' };
};
