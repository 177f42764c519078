import { regionFrom } from '../deployment-region.js';
import { DynamoDbStore } from './dynamodb-store.js';

/** The table `serverless.yml` creates for a stage: `scientist-<stage>`. */
export function tableNameFor(stage = 'dev'): string {
  return `scientist-${stage}`;
}

export interface StoreConnection {
  /** A DynamoDB endpoint such as the local cloud's; left out for AWS itself. */
  readonly endpoint?: string;
  readonly tableName?: string;
  readonly region?: string;
}

/**
 * Opens the scientist's store from outside a function (the CLI, benchmarks): the local cloud's
 * DynamoDB needs no real credentials; AWS uses the default credential chain.
 */
export function openStore(connection: StoreConnection = {}): DynamoDbStore {
  // The SDK warns on every start under Node 20, which the CLI supports; the warning tells users nothing.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const region = regionFrom(process.env, connection.region);
  return new DynamoDbStore({
    tableName: connection.tableName ?? process.env.SCIENTIST_TABLE ?? tableNameFor(),
    config: {
      region,
      maxAttempts: 3,
      ...(connection.endpoint
        ? { endpoint: connection.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    },
  });
}
