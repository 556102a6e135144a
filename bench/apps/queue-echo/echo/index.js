// Answers each message with when it started, for the enqueue-to-start latency.
module.exports = async function (context, item) {
  return JSON.stringify({ item, startedAt: Date.now() });
};
