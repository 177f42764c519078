import { cookiesOf, type RequestFacts } from './request-facts.js';
import { isSampled } from './sampling.js';

/** A targeting rule: the request has this header, cookie or query parameter (with this value, if given). */
export type TargetingRule =
  | { readonly header: string; readonly equals?: string }
  | { readonly cookie: string; readonly equals?: string }
  | { readonly query: string; readonly equals?: string };

/** Which requests one candidate serves: any matching rule, or a key inside its sticky percentage. */
export interface ServePlan {
  readonly candidateId: string;
  readonly when: readonly TargetingRule[];
  /** 0–100: the share of keys served, stable per key; raising it only adds keys. */
  readonly percent: number;
}

export interface ServingDecision {
  readonly candidateId: string;
  /** Why: a targeting rule matched (its index in `when`), or the key fell inside the canary. */
  readonly because: { readonly rule: number } | { readonly canary: number };
}

/** Whether one rule matches; a rule without `equals` asks only that the value be there. */
export function ruleMatches(rule: TargetingRule, facts: RequestFacts): boolean {
  const value =
    'header' in rule
      ? facts.headers[rule.header.toLowerCase()]
      : 'cookie' in rule
        ? cookiesOf(facts).get(rule.cookie)
        : facts.query[rule.query];
  if (value === undefined) return false;
  return rule.equals === undefined || value === rule.equals;
}

/** The decision name under which a candidate's canary hashes keys, apart from its shadow sampling. */
export function canaryDecision(candidateId: string): string {
  return `${candidateId}:serve`;
}

/**
 * Who serves a request: the first plan (in the file's order) whose rules match or whose canary
 * holds the request's key; undefined means the control serves. A request without a key is never
 * in a canary, though a rule can still serve it.
 */
export function chooseServer(
  plans: readonly ServePlan[],
  facts: RequestFacts,
  sticky: { readonly salt: string; readonly key: string | undefined },
): ServingDecision | undefined {
  for (const plan of plans) {
    const rule = plan.when.findIndex((candidateRule) => ruleMatches(candidateRule, facts));
    if (rule >= 0) return Object.freeze({ candidateId: plan.candidateId, because: Object.freeze({ rule }) });
    if (
      sticky.key !== undefined &&
      plan.percent > 0 &&
      isSampled(plan.percent, {
        salt: sticky.salt,
        decision: canaryDecision(plan.candidateId),
        key: sticky.key,
      })
    ) {
      return Object.freeze({
        candidateId: plan.candidateId,
        because: Object.freeze({ canary: plan.percent }),
      });
    }
  }
  return undefined;
}
