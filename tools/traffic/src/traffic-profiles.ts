import type { SeededRandom } from './random.js';
import type { TrafficRequest } from './traffic-request.js';

/** Makes one realistic request for a function. */
export type TrafficProfile = (random: SeededRandom) => TrafficRequest;

/** Prices, measurements and halves: what a rounding service sees. Halves come often on purpose. */
function roundRequest(random: SeededRandom): TrafficRequest {
  const sign = random.chance(0.2) ? -1 : 1;
  const whole = random.chance(0.7) ? random.integer(0, 100) : random.integer(100, 100_000);
  let number: string;
  if (random.chance(0.25)) number = `${whole}.5`;
  else if (random.chance(0.1)) number = String(whole);
  else {
    const decimals = random.pick([1, 1, 2, 2, 2, 3]);
    const fraction = String(random.integer(0, 10 ** decimals - 1)).padStart(decimals, '0');
    number = `${whole}.${fraction}`;
  }
  return { method: 'GET', query: { number: sign < 0 ? `-${number}` : number } };
}

/** Lists of varied length: mostly short, sometimes long; integers, decimals and negatives. */
function sortRequest(random: SeededRandom): TrafficRequest {
  const length = random.chance(0.8) ? random.integer(0, 12) : random.integer(13, 200);
  const decimals = random.chance(0.4);
  const numbers = Array.from({ length }, () => {
    const value = random.integer(-1000, 1000);
    return decimals && random.chance(0.5) ? value + random.integer(1, 99) / 100 : value;
  });
  return { method: 'POST', body: JSON.stringify(numbers), headers: { 'content-type': 'application/json' } };
}

/**
 * Pages of FizzBuzz: the default page, a page from a given number, a short range, and now and then
 * a single number (from = to) or an empty range (from > to).
 */
function fizzbuzzRequest(random: SeededRandom): TrafficRequest {
  const kind = random.next();
  if (kind < 0.2) return { method: 'GET' };
  const from = random.integer(1, 1000);
  if (kind < 0.45) return { method: 'GET', query: { from: String(from) } };
  if (kind < 0.9)
    return { method: 'GET', query: { from: String(from), to: String(from + random.integer(1, 60)) } };
  if (kind < 0.96) return { method: 'GET', query: { from: String(from), to: String(from) } };
  return { method: 'GET', query: { from: String(from), to: String(from - random.integer(1, 10)) } };
}

const WORDS = ['sunshine', 'dragon', 'monkey', 'letmein', 'qwerty', 'football', 'shadow', 'hunter', 'welkom'];

/** Logins: passwords and salts, mostly at the default cost, sometimes cheaper or dearer. */
function pbkdf2Request(random: SeededRandom): TrafficRequest {
  const password = `${random.pick(WORDS)}${random.integer(0, 9999)}`;
  const salt = Array.from({ length: 16 }, () => random.integer(0, 15).toString(16)).join('');
  const query: Record<string, string> = { password, salt };
  if (random.chance(0.3)) query.iterations = String(random.pick([1000, 5000, 20000]));
  return { method: 'GET', query };
}

/** The traffic profile of each of the tutorial's functions, by the path it is served at. */
export const trafficProfiles: Readonly<Record<string, TrafficProfile>> = {
  round: roundRequest,
  sort: sortRequest,
  fizzbuzz: fizzbuzzRequest,
  pbkdf2: pbkdf2Request,
};

/** The profile for a function, or an error that names the ones there are. */
export function trafficProfileFor(functionName: string): TrafficProfile {
  const profile = trafficProfiles[functionName];
  if (!profile) {
    throw new Error(
      `no traffic profile for '${functionName}': there are ${Object.keys(trafficProfiles).join(', ')}`,
    );
  }
  return profile;
}
