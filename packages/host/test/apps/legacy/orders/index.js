module.exports = async function (context, order) {
  context.log(`order ${order}`);
};
