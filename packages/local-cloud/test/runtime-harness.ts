import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FunctionDefinition } from '../src/lambda/function-definition.js';
import { LambdaService } from '../src/lambda/lambda-service.js';

/** A Lambda service on an ephemeral port with its logs in a throwaway directory, for one language's tests. */
export interface RuntimeHarness {
  service: LambdaService;
  /** Deploys `name` with the given handler and overrides; returns the definition. */
  deploy(name: string, handler: string, overrides?: Partial<FunctionDefinition>): Promise<FunctionDefinition>;
  /** Invokes synchronously with the log tail, and decodes the payload and the tail. */
  invoke(
    name: string,
    event?: unknown,
  ): Promise<{ statusCode: number; functionError?: string; body: unknown; raw: string; log: string }>;
  close(): Promise<void>;
}

export async function startRuntimeHarness(
  base: Pick<FunctionDefinition, 'runtime' | 'codeDir'> & Partial<FunctionDefinition>,
): Promise<RuntimeHarness> {
  const logsDir = mkdtempSync(path.join(os.tmpdir(), 'runtime-logs-'));
  const service = await LambdaService.start({ port: 0, logsDir, idleTimeoutMs: 60_000 });
  return {
    service,
    async deploy(name, handler, overrides = {}) {
      const fn: FunctionDefinition = {
        name,
        handler,
        memorySizeMb: 512,
        timeoutSeconds: 5,
        environment: { FIXTURE_VARIABLE: 'from-definition' },
        region: 'eu-west-1',
        accountId: '000000000000',
        ...base,
        ...overrides,
      };
      await service.deploy(fn);
      return fn;
    },
    async invoke(name, event = {}) {
      const outcome = await service.invoke(name, JSON.stringify(event), { logType: 'Tail' });
      const raw = Buffer.from(outcome.payload).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // not JSON: keep the text
      }
      return {
        statusCode: outcome.statusCode,
        functionError: outcome.functionError,
        body,
        raw,
        log: Buffer.from(outcome.logResult ?? '', 'base64').toString('utf8'),
      };
    },
    async close() {
      await service.stop();
      rmSync(logsDir, { recursive: true, force: true });
    },
  };
}
