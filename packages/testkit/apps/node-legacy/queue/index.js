module.exports = async function (context, item) {
  context.log(`queue got ${item} dequeueCount=${context.bindingData.dequeueCount}`);
};
