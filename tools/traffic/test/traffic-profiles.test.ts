import { expect, test } from 'vitest';
import { SeededRandom, trafficProfileFor, trafficProfiles } from '../src/index.js';

const sample = (fn: string, seed: number, count = 1000) => {
  const random = new SeededRandom(seed);
  const profile = trafficProfileFor(fn);
  return Array.from({ length: count }, () => profile(random));
};

test('the same seed gives the same traffic, another seed other traffic', () => {
  for (const fn of Object.keys(trafficProfiles)) {
    expect(sample(fn, 7, 50), fn).toEqual(sample(fn, 7, 50));
    expect(sample(fn, 7, 50), fn).not.toEqual(sample(fn, 8, 50));
  }
});

test('round traffic has decimals, halves and negative numbers', () => {
  const numbers = sample('round', 1).map((request) => request.query!.number!);
  const share = (predicate: (n: string) => boolean) => numbers.filter(predicate).length / numbers.length;
  expect(numbers.every((n) => /^-?\d+(\.\d+)?$/.test(n))).toBe(true);
  expect(share((n) => n.endsWith('.5'))).toBeGreaterThan(0.15);
  expect(share((n) => n.startsWith('-'))).toBeGreaterThan(0.1);
  expect(share((n) => n.includes('.'))).toBeGreaterThan(0.8);
});

test('sort traffic posts JSON lists of numbers of varied length', () => {
  const lists = sample('sort', 2).map((request) => JSON.parse(request.body!) as number[]);
  const lengths = new Set(lists.map((list) => list.length));
  expect(lists.every((list) => list.every((n) => typeof n === 'number'))).toBe(true);
  expect(lengths.has(0)).toBe(true);
  expect(Math.max(...lengths)).toBeGreaterThan(100);
  expect(lengths.size).toBeGreaterThan(30);
});

test('fizzbuzz traffic asks for a single number now and then: what trips the control', () => {
  const requests = sample('fizzbuzz', 3);
  const single = requests.filter((r) => r.query?.from !== undefined && r.query.from === r.query.to).length;
  const defaults = requests.filter((r) => r.query === undefined).length;
  expect(single / requests.length).toBeGreaterThan(0.02);
  expect(single / requests.length).toBeLessThan(0.1);
  expect(defaults).toBeGreaterThan(100);
});

test('pbkdf2 traffic varies passwords and salts', () => {
  const requests = sample('pbkdf2', 4, 200);
  expect(new Set(requests.map((r) => r.query!.password)).size).toBeGreaterThan(150);
  expect(requests.every((r) => /^[0-9a-f]{16}$/.test(r.query!.salt!))).toBe(true);
});

test('an unknown function names the ones there are', () => {
  expect(() => trafficProfileFor('resize')).toThrow(
    "no traffic profile for 'resize': there are round, sort, fizzbuzz, pbkdf2",
  );
});
