module.exports = async function () {
  throw new Error('kit failure');
};
