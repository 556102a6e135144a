// Counts visits: the entity read by the input is written back with its odata.etag (a checked replace).
module.exports = async function (context, req) {
  const previous = context.bindings.previous;
  context.bindings.next = previous
    ? { ...previous, Count: previous.Count + 1 }
    : { PartitionKey: 'v', RowKey: req.params.id, Count: 1 };
  context.res = { body: String(context.bindings.next.Count) };
};
