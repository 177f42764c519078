import { randomUUID } from 'node:crypto';
import { raised } from '../incidents.js';
import { parseScheduleExpression } from './schedule-expression.js';
import type { ScheduleDefinition } from './service-definition.js';

/** Sends a scheduled invocation (asynchronously, as EventBridge does). */
export type ScheduledInvoke = (functionName: string, event: unknown) => Promise<void>;

/** Node's timers cannot wait longer than about 24.8 days; longer waits are taken in steps. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Runs `schedule:` events locally: each enabled schedule invokes its function at the times its
 * rate or cron expression names, with the Scheduled Event EventBridge sends (or its `input`).
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly invoke: ScheduledInvoke,
    private readonly context: { region: string; accountId: string; service: string; stage: string },
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(schedules: readonly ScheduleDefinition[]): void {
    schedules.forEach((schedule, index) => {
      if (!schedule.enabled) return;
      const expression = parseScheduleExpression(schedule.expression);
      const ruleName = `${this.context.service}-${this.context.stage}-${schedule.functionName}-schedule-${index + 1}`;
      const arm = () => {
        if (this.stopped) return;
        const next = expression.nextAfter(this.now());
        if (!next) return;
        const wait = Math.max(0, next.getTime() - this.now().getTime());
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            if (wait <= maxTimerMs) this.fire(schedule, ruleName, next);
            arm();
          },
          Math.min(wait, maxTimerMs),
        );
        timer.unref();
        this.timers.add(timer);
      };
      arm();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private fire(schedule: ScheduleDefinition, ruleName: string, time: Date): void {
    const event = schedule.input ?? scheduledEvent(ruleName, time, this.context);
    // A failed run is the function's business (its log has it); an invoke that could not be made is ours.
    this.invoke(schedule.functionName, event).catch((error: unknown) =>
      raised(`scheduled invoke of ${schedule.functionName} (${ruleName})`, error),
    );
  }
}

/** The event EventBridge sends for a scheduled rule. */
export function scheduledEvent(
  ruleName: string,
  time: Date,
  context: { region: string; accountId: string },
): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: context.accountId,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: context.region,
    resources: [`arn:aws:events:${context.region}:${context.accountId}:rule/${ruleName}`],
    detail: {},
  };
}
