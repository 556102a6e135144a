// function.json apps get the host's TimerInfo JSON as it is (PascalCase), as Azure's legacy templates read it.
module.exports = async function (context, timer) {
  context.log(`timer ran, isPastDue=${timer.IsPastDue}`);
};
