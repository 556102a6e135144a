// The message's own properties name the entity's keys through the binding ({group}, {id}).
module.exports = async function (context, message) {
  return { Name: message.name };
};
