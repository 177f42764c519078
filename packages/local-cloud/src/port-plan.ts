import { freePort, isPortFree, PortInUseError } from './port-probe.js';

/** Lambda's Invoke API and DynamoDB take no credentials: only this machine may reach them. */
export const internalHost = '127.0.0.1';

export type PortRole = 'API Gateway' | 'Lambda' | 'DynamoDB';

/** One port the local cloud listens on, what for, and on which address. */
export interface PlannedPort {
  readonly role: PortRole;
  readonly port: number;
  readonly host: string;
}

/** Where each part listens: base port P for API Gateway (on `host`), P+1 for Lambda and P+2 for DynamoDB (on loopback). */
export interface PortPlan {
  readonly gateway: PlannedPort;
  readonly lambda: PlannedPort;
  readonly dynamodb: PlannedPort;
}

/** The port plan for base port `base`; 0 leaves every port to the system. */
export function portPlan(base: number, host: string): PortPlan {
  const at = (role: PortRole, offset: number, on: string): PlannedPort =>
    Object.freeze({ role, port: base === 0 ? 0 : base + offset, host: on });
  return Object.freeze({
    gateway: at('API Gateway', 0, host),
    lambda: at('Lambda', 1, internalHost),
    dynamodb: at('DynamoDB', 2, internalHost),
  });
}

export function plannedPorts(plan: PortPlan): readonly PlannedPort[] {
  return [plan.gateway, plan.lambda, plan.dynamodb];
}

/** Throws a PortInUseError for the first planned port that is taken; ports left to the system are always free. */
export async function checkPortsFree(plan: PortPlan): Promise<void> {
  for (const { port, role, host } of plannedPorts(plan)) {
    if (port !== 0 && !(await isPortFree(port, host)))
      throw new PortInUseError(port, `needed for ${role} on ${host}`);
  }
}

/**
 * The plan with Lambda's port fixed before anything starts: every function's environment names
 * Lambda's endpoint, and it is written before the Lambda service listens.
 */
export async function withLambdaPort(plan: PortPlan): Promise<PortPlan> {
  if (plan.lambda.port !== 0) return plan;
  return Object.freeze({
    ...plan,
    lambda: Object.freeze({ ...plan.lambda, port: await freePort(internalHost) }),
  });
}

/** Starts one part on its planned port; a taken port becomes a PortInUseError naming the part. */
export async function listening<T>(planned: PlannedPort, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /in use/.test((error as Error).message)) {
      throw new PortInUseError(planned.port, `needed for ${planned.role}`, { cause: error });
    }
    throw error;
  }
}
