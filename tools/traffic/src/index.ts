export { SeededRandom } from './random.js';
export { type TrafficProfile, trafficProfileFor, trafficProfiles } from './traffic-profiles.js';
export type { TrafficRequest } from './traffic-request.js';
export {
  runTraffic,
  type TargetSummary,
  type TrafficOptions,
  type TrafficProgress,
  type TrafficSummary,
  type TrafficTarget,
} from './traffic-run.js';
export { TRAFFIC_USERS, USER_ID_HEADER } from './traffic-users.js';
