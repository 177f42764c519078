// @ts-check
// What a packaged CloudFormation template must satisfy beyond deploying: cfn-lint clean but for
// the ignores listed here, and IAM statements that grant least privilege.

/**
 * cfn-lint rules switched off, each with why. Everything else, warnings included, fails the lint.
 * None today: the framework's redundant DependsOn on HTTP API routes (W3005) is removed in the
 * scientist's serverless.yml instead, since moto's CloudFormation refuses any cfn-lint finding.
 * @type {ReadonlyArray<{ rule: string, reason: string }>}
 */
export const CFN_LINT_IGNORES = Object.freeze([]);

/**
 * Actions allowed on Resource "*": AWS offers no resource-level permission for them.
 * @type {Readonly<Record<string, string>>}
 */
export const RESOURCE_WILDCARD_ACTIONS = Object.freeze({
  'xray:PutTraceSegments': 'X-Ray accepts no resource ARN: segments are sent for the account',
  'xray:PutTelemetryRecords': 'X-Ray accepts no resource ARN: telemetry is sent for the account',
});

/** @typedef {{ file: string, where: string, message: string }} TemplateProblem */

/** @param {unknown} value @returns {unknown[]} */
const list = (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/**
 * Every IAM policy statement in a template, with where it is.
 * @param {any} template
 * @returns {Array<{ where: string, statement: any }>}
 */
function statementsOf(template) {
  /** @type {Array<{ where: string, statement: any }>} */
  const found = [];
  for (const [name, resource] of Object.entries(template?.Resources ?? {})) {
    const type = /** @type {any} */ (resource)?.Type;
    const properties = /** @type {any} */ (resource)?.Properties ?? {};
    /** @type {Array<[string, any]>} */
    const documents = [];
    if (type === 'AWS::IAM::Role') {
      list(properties.Policies).forEach((policy, index) => {
        documents.push([
          `Resources/${name}/Properties/Policies/${index}`,
          /** @type {any} */ (policy)?.PolicyDocument,
        ]);
      });
    } else if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') {
      documents.push([`Resources/${name}/Properties`, properties.PolicyDocument]);
    }
    for (const [where, document] of documents) {
      list(document?.Statement).forEach((statement, index) => {
        found.push({ where: `${where}/PolicyDocument/Statement/${index}`, statement });
      });
    }
  }
  return found;
}

/**
 * Least privilege: no action with a wildcard, and no "*" resource unless every action of the
 * statement is one AWS offers no resource-level permission for.
 * @param {any} template
 * @param {string} file
 * @returns {TemplateProblem[]}
 */
export function iamProblems(template, file) {
  /** @type {TemplateProblem[]} */
  const problems = [];
  for (const { where, statement } of statementsOf(template)) {
    if (statement?.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      problems.push({
        file,
        where,
        message: 'NotAction/NotResource grant everything else: list what is allowed',
      });
    }
    const actions = list(statement.Action).map(String);
    for (const action of actions.filter((a) => a.includes('*'))) {
      problems.push({ file, where, message: `action '${action}' is a wildcard: name the actions` });
    }
    if (list(statement.Resource).some((resource) => resource === '*')) {
      const unexplained = actions.filter((action) => !(action in RESOURCE_WILDCARD_ACTIONS));
      if (unexplained.length > 0) {
        problems.push({
          file,
          where,
          message: `Resource '*' for ${unexplained.join(', ')}: these take resource ARNs (only ${Object.keys(RESOURCE_WILDCARD_ACTIONS).join(', ')} may use '*')`,
        });
      }
    }
  }
  return problems;
}

/**
 * cfn-lint's JSON findings as problems, leaving out the documented ignores.
 * @param {Array<{ Rule: { Id: string }, Level: string, Message: string, Filename: string, Location?: { Path?: unknown[] } }>} findings
 * @returns {TemplateProblem[]}
 */
export function cfnLintProblems(findings) {
  const ignored = new Set(CFN_LINT_IGNORES.map((ignore) => ignore.rule));
  return findings
    .filter((finding) => !ignored.has(finding.Rule.Id))
    .map((finding) => ({
      file: finding.Filename,
      where: (finding.Location?.Path ?? []).join('/'),
      message: `${finding.Rule.Id} (${finding.Level.toLowerCase()}) ${finding.Message}`,
    }));
}
