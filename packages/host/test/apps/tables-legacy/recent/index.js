module.exports = async function (context) {
  return { body: context.bindings.visits.map((visit) => `${visit.RowKey}:${visit.Count}`).join(',') };
};
