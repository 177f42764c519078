export { percentile } from './latency.js';
export { SeededRandom } from './random.js';
export { type TrafficProfile, trafficProfileFor, trafficProfiles } from './traffic-profiles.js';
export { requestUrl, type TrafficRequest } from './traffic-request.js';
export {
  runTraffic,
  type TargetSummary,
  type TrafficOptions,
  type TrafficProgress,
  type TrafficSummary,
  type TrafficTarget,
} from './traffic-run.js';
