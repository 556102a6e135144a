module.exports = async function (context) {
  context.res = {
    status: 201,
    headers: { 'x-kit': 'yes' },
    cookies: [{ name: 'kit', value: '1', path: '/', httpOnly: true }],
    body: 'created',
  };
};
