module.exports = async function (context, req) {
  context.log(`greeting ${req.query.name}`);
  context.res = { body: `Hi ${req.query.name || 'there'}` };
};
