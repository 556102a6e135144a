module.exports = async function (context) {
  context.log('kit log 1');
  context.log.warn('kit log 2');
  context.res = { body: 'logged' };
};
