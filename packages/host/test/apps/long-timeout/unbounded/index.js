module.exports = async function (context) {
  context.res = { body: 'no timeout' };
};
