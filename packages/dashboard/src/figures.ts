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
