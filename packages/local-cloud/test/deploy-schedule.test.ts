import { expect, test } from 'vitest';
import { Scheduler } from '../src/deploy/scheduler.js';
import { parseScheduleExpression, scheduledEvent } from '../src/index.js';

test('cron expressions fire when EventBridge would (UTC, day-of-week 1 = Sunday)', () => {
  const next = (expression: string, after: string) =>
    parseScheduleExpression(expression).nextAfter(new Date(after))?.toISOString();
  expect({
    noonDaily: next('cron(0 12 * * ? *)', '2026-03-04T12:00:00Z'),
    everyFifteen: next('cron(0/15 * * * ? *)', '2026-03-04T12:01:00Z'),
    weekdays: next('cron(30 9 ? * MON-FRI *)', '2026-03-06T10:00:00Z'),
    sunday: next('cron(0 0 ? * 1 *)', '2026-03-04T00:00:00Z'),
    firstOfMonth: next('cron(0 8 1 * ? *)', '2026-03-04T00:00:00Z'),
    pastYear: next('cron(0 0 1 1 ? 2020)', '2026-03-04T00:00:00Z'),
  }).toMatchInlineSnapshot(`
    {
      "everyFifteen": "2026-03-04T12:15:00.000Z",
      "firstOfMonth": "2026-04-01T08:00:00.000Z",
      "noonDaily": "2026-03-05T12:00:00.000Z",
      "pastYear": undefined,
      "sunday": "2026-03-08T00:00:00.000Z",
      "weekdays": "2026-03-09T09:30:00.000Z",
    }
  `);
  expect(() => parseScheduleExpression('cron(0 12 L * ? *)')).toThrow(/L, W and # are not/);
  expect(() => parseScheduleExpression('rate(0 minutes)')).toThrow(/expected rate/);
});

test('a schedule invokes its function with the Scheduled Event', async () => {
  const received: { functionName: string; event: Record<string, unknown> }[] = [];
  // The clock runs 59.95 s ahead, so rate(1 minute) is due 50 ms after the schedule starts.
  const scheduler = new Scheduler(
    async (functionName, event) => {
      received.push({ functionName, event: event as Record<string, unknown> });
    },
    { region: 'eu-west-1', accountId: '000000000000', service: 'svc', stage: 'dev' },
    () => new Date(Date.now() + 59_950),
  );
  scheduler.start([
    { functionName: 'tick', expression: 'rate(1 minute)', enabled: true },
    { functionName: 'off', expression: 'rate(1 minute)', enabled: false },
  ]);
  const deadline = Date.now() + 2_000;
  while (received.length === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  scheduler.stop();
  expect(received.map((call) => call.functionName)).toEqual(['tick']);
  expect(received[0]?.event).toMatchObject({
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:000000000000:rule/svc-dev-tick-schedule-1'],
    detail: {},
  });
  expect(Object.keys(scheduledEvent('r', new Date(0), { region: 'r', accountId: 'a' })).sort()).toEqual([
    'account',
    'detail',
    'detail-type',
    'id',
    'region',
    'resources',
    'source',
    'time',
    'version',
  ]);
});
