module.exports = async function (context, message) {
  context.bindings.copy = { copied: message, dequeueCount: context.bindingData.dequeueCount };
  return `returned ${message.id}`;
};
