import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Scheduler } from '../src/deploy/scheduler.js';
import { type IncidentReport, incidents, type LocalCloud, startLocalCloud } from '../src/index.js';

let cloud: LocalCloud;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'local-cloud-incidents-'));
  cloud = await startLocalCloud({ root, port: 0, persist: false });
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a scheduled invoke that cannot be made is an incident, counted and kept with its operation', async () => {
  const before = incidents.report().count;
  const scheduler = new Scheduler(
    async () => {
      throw new Error('Lambda answered 429');
    },
    { region: 'eu-west-1', accountId: '000000000000', service: 'svc', stage: 'dev' },
    // rate(1 minute) is due 50 ms after the schedule starts.
    () => new Date(Date.now() + 59_950),
  );
  scheduler.start([{ functionName: 'tick', expression: 'rate(1 minute)', enabled: true }]);
  const deadline = Date.now() + 2_000;
  while (incidents.report().count === before && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  scheduler.stop();
  const report = incidents.report();
  expect(report.count).toBe(before + 1);
  const { operation, message } = report.recent.at(-1)!;
  expect({ operation, message }).toMatchInlineSnapshot(`
    {
      "message": "Lambda answered 429",
      "operation": "scheduled invoke of tick (svc-dev-tick-schedule-1)",
    }
  `);

  const answer = await fetch(`${cloud.endpoints.gateway}/_local-cloud/incidents`);
  expect(answer.status).toBe(200);
  expect((await answer.json()) as IncidentReport).toEqual(JSON.parse(JSON.stringify(incidents.report())));
});
