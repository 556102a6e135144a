const { app } = require('@azure/functions');

// NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}.
app.timer('heartbeat', {
  schedule: '*/30 * * * * *',
  handler: async (timer, context) => {
    context.log(`Heartbeat${timer.isPastDue ? ' (late)' : ''}`);
  },
});
