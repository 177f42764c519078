/**
 * The scientist's own functions, whatever the stage: `scientist-<stage>-proxy`, `-runner`, `-api` and
 * `-rollouts` (serverless.yml's service name). An experiment naming one would loop through the proxy.
 */
export function isScientistFunction(functionName: string): boolean {
  return /^scientist-[A-Za-z0-9_-]+-(proxy|runner|api|rollouts)$/.test(functionName);
}
