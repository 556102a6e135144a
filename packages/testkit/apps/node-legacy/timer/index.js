module.exports = async function (context, timer) {
  context.log(`timer ran, isPastDue=${timer.isPastDue}`);
};
