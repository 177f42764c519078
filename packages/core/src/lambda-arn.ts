import { containsPlaceholder } from './placeholders.js';

export interface LambdaFunctionReference {
  readonly functionName: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly accountId?: string;
}

// Placeholders may stand for any segment; `${env:X}` holds a colon, so it is matched as a unit.
const SEGMENT = String.raw`(?:\$\{env:[A-Za-z0-9_]+\}|[^:])+`;
const ARN = new RegExp(
  `^arn:aws[a-z-]*:lambda:(${SEGMENT}):(${SEGMENT}):function:(${SEGMENT})(?::(${SEGMENT}))?$`,
);
const FUNCTION_NAME = new RegExp(`^(${SEGMENT})(?::(${SEGMENT}))?$`);

/**
 * Reads a function ARN or plain function name, as Lambda's Invoke accepts them. Returns undefined when
 * the text is neither. Segments still holding a placeholder are left out rather than guessed.
 */
export function parseLambdaFunction(text: string): LambdaFunctionReference | undefined {
  const known = (segment: string | undefined) =>
    segment === undefined || containsPlaceholder(segment) ? undefined : segment;
  const arn = ARN.exec(text);
  if (arn) {
    const [, region, accountId, functionName, qualifier] = arn;
    return strip({
      functionName: functionName!,
      qualifier,
      region: known(region),
      accountId: known(accountId),
    });
  }
  if (text.startsWith('arn:')) return undefined;
  const plain = FUNCTION_NAME.exec(text);
  if (!plain || /\s/.test(text)) return undefined;
  return strip({ functionName: plain[1]!, qualifier: plain[2] });
}

function strip(
  reference: { functionName: string } & Record<string, string | undefined>,
): LambdaFunctionReference {
  return Object.fromEntries(
    Object.entries(reference).filter(([, value]) => value !== undefined),
  ) as unknown as LambdaFunctionReference;
}
