module.exports = async function (context) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  context.res = { body: 'slow but in time' };
};
