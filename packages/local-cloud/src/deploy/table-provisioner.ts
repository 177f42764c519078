import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from './service-definition.js';

/**
 * Creates a service's tables in the local DynamoDB through the real SDK client. A table that
 * already exists (persisted from an earlier run, or a redeploy) is kept with its items, as a
 * CloudFormation update that does not change the key schema would keep it.
 */
export class TableProvisioner {
  private readonly client: DynamoDBClient;

  constructor(endpoint: string, region: string) {
    // The SDK warns on every Node 20 process about its future Node 22 floor; here that is noise.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new DynamoDBClient({
      endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }

  async provision(tables: readonly TableDefinition[]): Promise<void> {
    for (const table of tables) {
      try {
        await this.client.send(new CreateTableCommand(table.createTable));
      } catch (error) {
        if (error instanceof ResourceInUseException) continue;
        throw new Error(
          `creating table ${table.tableName} (${table.logicalId}) failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
  }

  close(): void {
    this.client.destroy();
  }
}
