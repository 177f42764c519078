import { SeededRandom } from './random.js';

/**
 * The header that says which user sends a request. Locally every request comes from 127.0.0.1,
 * so the default canary key (`source-ip`) would put all traffic in or out of a canary at once;
 * an experiment keyed by `header:x-user-id` splits it per user, as production traffic would be.
 */
export const USER_ID_HEADER = 'x-user-id';

/** How many distinct users the generated traffic comes from. */
export const TRAFFIC_USERS = 1000;

/**
 * Draws the user of each request, from its own seeded stream so that the requests themselves
 * stay what the seed gave before users existed.
 */
export function userIdsFrom(seed: number): () => string {
  const random = new SeededRandom(seed ^ 0x5eed_05e2);
  return () => `user-${String(random.integer(1, TRAFFIC_USERS)).padStart(4, '0')}`;
}
