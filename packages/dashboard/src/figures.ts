// How the dashboard writes numbers: the same way everywhere, with a dash for "no data yet".

export const NO_DATA = '–';

export function milliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return NO_DATA;
  return `${(value * 100).toFixed(digits)} %`;
}

export function count(value: number): string {
  return value.toLocaleString('en');
}

export function dollars(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  return `$${value.toFixed(value < 10 ? 4 : 2)}`;
}

/** A difference in money, signed: − is cheaper than the control. */
export function signedDollars(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  const sign = value < 0 ? '−' : value > 0 ? '+' : '±';
  return `${sign}$${Math.abs(value).toFixed(4)}`;
}

export function megabytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  return `${Math.round(value).toLocaleString('en')} MB`;
}
