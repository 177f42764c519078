/** A parsed EventBridge schedule expression: when does it fire next? */
export interface ScheduleExpression {
  readonly expression: string;
  /** The first firing strictly after `after`, or undefined when there is none within five years. */
  nextAfter(after: Date): Date | undefined;
}

const minuteMs = 60_000;
const unitMs: Record<string, number> = {
  minute: minuteMs,
  minutes: minuteMs,
  hour: 60 * minuteMs,
  hours: 60 * minuteMs,
  day: 24 * 60 * minuteMs,
  days: 24 * 60 * minuteMs,
};

/** Parses `rate(5 minutes)` or `cron(0 12 * * ? *)` (UTC, as EventBridge runs them). */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const rate = /^rate\(\s*(\d+)\s+(\w+)\s*\)$/.exec(expression.trim());
  if (rate) {
    const amount = Number(rate[1]);
    const unit = unitMs[rate[2] ?? ''];
    if (!unit || amount < 1) {
      throw new Error(
        `invalid schedule '${expression}': expected rate(<n> minute|minutes|hour|hours|day|days)`,
      );
    }
    const periodMs = amount * unit;
    // Rates fire from the moment of deploy, the way a new EventBridge rule does.
    const origin = Date.now();
    return {
      expression,
      nextAfter: (after) =>
        new Date(origin + (Math.floor((after.getTime() - origin) / periodMs) + 1) * periodMs),
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) return parseCron(expression, cron[1] ?? '');
  throw new Error(`invalid schedule '${expression}': expected rate(…) or cron(…)`);
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseCron(expression: string, body: string): ScheduleExpression {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `invalid schedule '${expression}': cron takes 6 fields (minutes hours day-of-month month day-of-week year)`,
    );
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((daysOfMonth === '?') === (daysOfWeek === '?')) {
    throw new Error(
      `invalid schedule '${expression}': exactly one of day-of-month and day-of-week must be '?'`,
    );
  }
  const field = (text: string, min: number, max: number, names?: string[], namesStart = min) =>
    parseField(expression, text, min, max, names, namesStart);
  const minuteSet = field(minutes, 0, 59);
  const hourSet = field(hours, 0, 23);
  const domSet = field(daysOfMonth, 1, 31);
  const monthSet = field(months, 1, 12, monthNames, 1);
  // EventBridge numbers days of the week 1-7 from Sunday.
  const dowSet = field(daysOfWeek, 1, 7, dayNames, 1);
  const yearSet = field(years, 1970, 2199);
  return {
    expression,
    nextAfter(after) {
      const start = new Date(Math.floor(after.getTime() / minuteMs) * minuteMs + minuteMs);
      const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
      for (let dayIndex = 0; dayIndex < 5 * 366; dayIndex++, day.setUTCDate(day.getUTCDate() + 1)) {
        const matchesDay =
          yearSet.has(day.getUTCFullYear()) &&
          monthSet.has(day.getUTCMonth() + 1) &&
          domSet.has(day.getUTCDate()) &&
          dowSet.has(day.getUTCDay() + 1);
        if (!matchesDay) continue;
        for (const hour of [...hourSet].sort((a, b) => a - b)) {
          for (const minute of [...minuteSet].sort((a, b) => a - b)) {
            const candidate = new Date(day.getTime() + (hour * 60 + minute) * minuteMs);
            if (candidate >= start) return candidate;
          }
        }
      }
      return undefined;
    },
  };
}

function parseField(
  expression: string,
  text: string,
  min: number,
  max: number,
  names: string[] | undefined,
  namesStart: number,
): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const named = names?.indexOf(token.toUpperCase()) ?? -1;
    const number = named >= 0 ? named + namesStart : Number(token);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new Error(
        `invalid schedule '${expression}': '${token}' is outside ${min}-${max} or not supported (L, W and # are not)`,
      );
    }
    return number;
  };
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) {
      throw new Error(`invalid schedule '${expression}': step '${stepText}' must be a positive whole number`);
    }
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [low = '', high = ''] = range.split('-');
      from = value(low);
      to = value(high);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let current = from; current <= to; current += step) values.add(current);
  }
  return values;
}
