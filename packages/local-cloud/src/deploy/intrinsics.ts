import type { DocumentPath, ServerlessDocument } from './serverless-document.js';

/** What CloudFormation intrinsics can refer to locally. */
export interface IntrinsicContext {
  region: string;
  accountId: string;
  stackName: string;
  /** Logical id → table name, for `Ref` and `Fn::GetAtt` on DynamoDB tables. */
  tables: ReadonlyMap<string, string>;
}

/**
 * Replaces the CloudFormation intrinsics the local cloud can evaluate (`Ref` and `Fn::GetAtt` of
 * a table, `Fn::Join`, `Fn::Sub`, pseudo parameters) in a value the local cloud uses; any other
 * intrinsic in such a value is an error at its location.
 */
export function evaluateIntrinsics(
  value: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
  context: IntrinsicContext,
): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => evaluateIntrinsics(item, [...path, index], document, context));
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    const [name, argument] = first;
    const at = [...path, name];
    const evaluated = evaluateIntrinsics(argument, at, document, context);
    switch (name) {
      case 'Ref':
        return reference(String(evaluated), at, document, context);
      case 'Fn::GetAtt':
        return attribute(evaluated, at, document, context);
      case 'Fn::Join': {
        if (!Array.isArray(evaluated) || !Array.isArray(evaluated[1])) {
          throw document.error(at, 'Fn::Join expects [delimiter, [values…]]');
        }
        return evaluated[1].map(String).join(String(evaluated[0]));
      }
      case 'Fn::Sub':
        return substitute(evaluated, at, document, context);
      default:
        throw document.error(
          at,
          `${name} is not evaluated by the local cloud; only Ref, Fn::GetAtt (tables), Fn::Join and Fn::Sub are`,
        );
    }
  }
  return Object.fromEntries(
    entries.map(([key, item]) => [key, evaluateIntrinsics(item, [...path, key], document, context)]),
  );
}

function reference(
  name: string,
  path: DocumentPath,
  document: ServerlessDocument,
  context: IntrinsicContext,
): string {
  const pseudo: Record<string, string> = {
    'AWS::Region': context.region,
    'AWS::AccountId': context.accountId,
    'AWS::StackName': context.stackName,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const known = pseudo[name] ?? context.tables.get(name);
  if (known === undefined) {
    throw document.error(
      path,
      `Ref ${name}: the local cloud resolves Ref only to DynamoDB tables of this service and AWS pseudo parameters`,
    );
  }
  return known;
}

function attribute(
  argument: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
  context: IntrinsicContext,
): string {
  const [logicalId, name] = Array.isArray(argument) ? argument.map(String) : String(argument).split('.');
  const table = logicalId === undefined ? undefined : context.tables.get(logicalId);
  if (table === undefined) {
    throw document.error(path, `Fn::GetAtt ${logicalId}: not a DynamoDB table of this service`);
  }
  const arn = `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${table}`;
  if (name === 'Arn') return arn;
  if (name === 'StreamArn') return `${arn}/stream/local`;
  throw document.error(path, `Fn::GetAtt ${logicalId}.${name}: only Arn and StreamArn are available locally`);
}

function substitute(
  argument: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
  context: IntrinsicContext,
): string {
  const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof template !== 'string') throw document.error(path, 'Fn::Sub expects a string template');
  const given = (variables ?? {}) as Record<string, unknown>;
  return template.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    if (name in given) return String(given[name]);
    const [logicalId, attributeName] = name.split('.');
    if (attributeName) return attribute([logicalId, attributeName], path, document, context);
    return reference(name, path, document, context);
  });
}
