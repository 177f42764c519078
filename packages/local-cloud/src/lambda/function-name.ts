/** A FunctionName as the Invoke API accepts it: name, name:qualifier, partial ARN or full ARN. */
export interface FunctionReference {
  name: string;
  qualifier?: string;
}

const arnPattern =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;
const partialArnPattern = /^\d{12}:function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;
const namePattern = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;

export function parseFunctionReference(
  functionName: string,
  qualifier?: string,
): FunctionReference | undefined {
  const match =
    arnPattern.exec(functionName) ?? partialArnPattern.exec(functionName) ?? namePattern.exec(functionName);
  if (!match) return undefined;
  const reference: FunctionReference = { name: match[1]! };
  const resolvedQualifier = qualifier || match[2];
  if (resolvedQualifier) reference.qualifier = resolvedQualifier;
  return reference;
}
