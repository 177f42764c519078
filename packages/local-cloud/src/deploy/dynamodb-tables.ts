import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DocumentPath, ServerlessDocument } from './serverless-document.js';
import type { TableDefinition } from './service-definition.js';

/** Table properties CloudFormation takes that do not change how the table behaves locally. */
const ignoredProperties = new Set([
  'StreamSpecification',
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'Tags',
  'DeletionProtectionEnabled',
  'ContributorInsightsSpecification',
  'TableClass',
  'KinesisStreamSpecification',
]);

const createTableProperties = new Set([
  'TableName',
  'KeySchema',
  'AttributeDefinitions',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
]);

/**
 * An `AWS::DynamoDB::Table` resource's Properties (variables already resolved) as CreateTable
 * input. A table without TableName gets `<service>-<stage>-<LogicalId>`, a stable stand-in for
 * CloudFormation's generated name.
 */
export function tableDefinition(
  logicalId: string,
  properties: Record<string, unknown>,
  stackName: string,
  path: DocumentPath,
  document: ServerlessDocument,
  warnings: string[],
): TableDefinition {
  const tableName =
    typeof properties.TableName === 'string' ? properties.TableName : `${stackName}-${logicalId}`;
  const input: Record<string, unknown> = { TableName: tableName };
  for (const [key, value] of Object.entries(properties)) {
    if (createTableProperties.has(key)) input[key] = value;
    else if (key === 'TimeToLiveSpecification') continue;
    else if (ignoredProperties.has(key)) {
      warnings.push(`${location(document, [...path, key])}: ${key} is accepted and has no local effect`);
    } else {
      throw document.error([...path, key], `table property ${key} is not supported by the local cloud`);
    }
  }
  for (const required of ['KeySchema', 'AttributeDefinitions']) {
    if (!Array.isArray(input[required])) {
      throw document.error(path, `table ${logicalId} needs ${required} (a list)`);
    }
  }
  if (input.BillingMode !== 'PAY_PER_REQUEST' && input.ProvisionedThroughput === undefined) {
    input.BillingMode = 'PAY_PER_REQUEST';
  }
  const timeToLive = properties.TimeToLiveSpecification as
    | { AttributeName?: string; Enabled?: boolean }
    | undefined;
  if (timeToLive?.Enabled) {
    warnings.push(
      `${location(document, [...path, 'TimeToLiveSpecification'])}: TimeToLiveSpecification is noted; items are not expired locally`,
    );
  }
  return {
    logicalId,
    tableName,
    createTable: input as unknown as CreateTableCommandInput,
    ...(timeToLive?.Enabled && timeToLive.AttributeName
      ? { timeToLiveAttribute: timeToLive.AttributeName }
      : {}),
  };
}

function location(document: ServerlessDocument, path: DocumentPath): string {
  const { file, line, col } = document.locate(path);
  return `${file}:${line}:${col}`;
}
