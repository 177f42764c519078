import type { RequestKeySource } from './request-facts.js';
import type { RolloutPlan } from './rollout.js';
import type { ServePlan } from './serving-decision.js';

/** The validated, normalised experiment model. Every value is deeply frozen. */

export const ALL_METHODS = Object.freeze([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
] as const);

/** Header values that are never stored, whatever an experiment says (they carry credentials). */
export const ALWAYS_REDACTED_HEADERS = Object.freeze([
  'authorization',
  'cookie',
  'proxy-authorization',
  'set-cookie',
]);

export const DEFAULT_CANDIDATE_TIMEOUT_MS = 10_000;

export interface ExperimentDefinitions {
  readonly experiments: readonly Experiment[];
}

export interface Experiment {
  readonly id: string;
  readonly name?: string;
  /** The route shadowed, normalised: no leading or trailing slash, e.g. `round`. */
  readonly path: string;
  /** Upper-case HTTP methods shadowed; all of {@link ALL_METHODS} unless the file narrows them. */
  readonly methods: readonly string[];
  readonly enabled: boolean;
  /** Seed of the sticky sampling hash; defaults to the experiment id. */
  readonly salt: string;
  readonly comparators: ComparatorSettings;
  readonly control: Variant;
  readonly candidates: readonly Candidate[];
  readonly record: RecordSettings;
  /** The noise floor: the control runs a second time on this share of requests; absent when off. */
  readonly noise?: NoiseSettings;
  /** What makes canaries sticky (default: the caller's address). */
  readonly key: RequestKeySource;
  /**
   * Set when the file names a `key`: shadow sampling then sticks by it too, so a user sees the
   * same candidates every time. Without it each request is sampled on its own (the default key,
   * the caller's address, would put whole offices in or out at once).
   */
  readonly keyedSampling?: true;
  /** Candidates that serve requests, in the file's order: the first that matches serves. */
  readonly serve: readonly ServePlan[];
  readonly rollout?: RolloutPlan;
}

/** Methods whose requests are safe to run twice (RFC 9110): the noise check's default. */
export const SAFE_METHODS = Object.freeze(['GET', 'HEAD'] as const);

export interface NoiseSettings {
  readonly percent: number;
  /** Upper-case methods whose requests may run the control twice. */
  readonly methods: readonly string[];
}

/** The id the control's second run is recorded under, beside the candidates' ids. */
export const NOISE_ID = '_noise';

export interface Variant {
  /** `control` for the control, the key under `candidates` for a candidate. */
  readonly id: string;
  readonly name: string;
  /** The ARN (or plain function name) as written, placeholders filled in when an env was given. */
  readonly arn: string;
  readonly functionName: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly accountId?: string;
}

export interface Candidate extends Variant {
  readonly samplePercent: number;
  readonly timeoutMs: number;
  readonly enabled: boolean;
}

export interface BodyComparison {
  /** Compare as JSON when both bodies parse as JSON; otherwise (or when false) as text. */
  readonly json: boolean;
  /** JSON pointers (`/a/0/b`), `*` standing for any one segment. */
  readonly ignorePaths: readonly string[];
  /** Absolute difference under which two numbers count as equal. */
  readonly tolerance: number;
  readonly unorderedArrays: boolean;
}

export interface ComparatorSettings {
  readonly body: false | BodyComparison;
  readonly statusCode: boolean;
  /** Lower-case header names whose values must match. */
  readonly headers: readonly string[];
}

/**
 * Headers that look like credentials: redacted unless an experiment sets
 * `record.defaultRedaction: false` (the {@link ALWAYS_REDACTED_HEADERS} stay redacted regardless).
 */
export const DEFAULT_REDACTED_HEADERS = Object.freeze([
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'x-csrf-token',
  'x-xsrf-token',
]);

/** Query parameters that look like credentials, redacted by default like the headers above. */
export const DEFAULT_REDACTED_QUERY = Object.freeze([
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'api_key',
  'apikey',
  'key',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
]);

export interface RecordSettings {
  readonly bodies: 'all' | 'none' | 'mismatches';
  /** Lower-case names; always includes {@link ALWAYS_REDACTED_HEADERS}. */
  readonly redactHeaders: readonly string[];
  /** Lower-case query parameter names whose values are never stored. */
  readonly redactQuery: readonly string[];
}

/** Whether a request with this method may run the control a second time. */
export function measuresNoise(experiment: Experiment, method: string): boolean {
  return experiment.noise?.methods.includes(method.toUpperCase()) === true;
}
