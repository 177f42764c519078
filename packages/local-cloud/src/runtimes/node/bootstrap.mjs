// The Node runtime of the local cloud: one long-lived process per execution environment that pulls
// its work from the Lambda Runtime API, as AWS's managed Node runtime does.
// Plain JavaScript with Node's standard library only, so a cold start costs Node's own start and nothing more.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const runtimeApi = process.env.AWS_LAMBDA_RUNTIME_API;
const handlerSpec = process.env._HANDLER ?? '';
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
if (!runtimeApi) {
  process.stderr.write(
    'AWS_LAMBDA_RUNTIME_API is not set: this process must be started by the Lambda service.\n',
  );
  process.exit(1);
}
// AWS_LAMBDA_RUNTIME_API is host:port, optionally followed by a path prefix.
const slash = runtimeApi.indexOf('/');
const apiHostPort = slash === -1 ? runtimeApi : runtimeApi.slice(0, slash);
const apiPrefix = slash === -1 ? '' : runtimeApi.slice(slash);
const [apiHost, apiPort] = apiHostPort.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const runtimePath = `${apiPrefix}/2018-06-01/runtime`;

let currentRequestId;

// ---- logging: one record per line, in the managed runtime's text format --------------------------
const levels = { debug: 'DEBUG', info: 'INFO', log: 'INFO', warn: 'WARN', error: 'ERROR', trace: 'TRACE' };
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => writeLogRecord(level, format(...args));
}
function writeLogRecord(level, message) {
  // Newlines inside a message become carriage returns so that a record stays one line, as on AWS.
  const text = message.replace(/\n/g, '\r');
  const requestId = currentRequestId ?? 'undefined';
  process.stdout.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${text}\n`);
}

// ---- Runtime API client ------------------------------------------------------------------------------
function request(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      {
        host: apiHost,
        port: Number(apiPort),
        method,
        path: `${runtimePath}${urlPath}`,
        agent,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': payload.length, ...headers }
          : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function errorShape(error) {
  if (error instanceof Error) {
    const trace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
    return { errorType: error.name || 'Error', errorMessage: error.message, trace };
  }
  return {
    errorType: 'Error',
    errorMessage: typeof error === 'string' ? error : JSON.stringify(error),
    trace: [],
  };
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

// ---- handler loading, as AWS's Node runtime resolves `path/to/module.export.nested` ---------------------
async function loadHandler() {
  const lastSlash = handlerSpec.lastIndexOf('/');
  const dir = handlerSpec.slice(0, lastSlash + 1);
  const rest = handlerSpec.slice(lastSlash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerSpec}`);
  }
  const moduleName = rest.slice(0, dot);
  const exportPath = rest.slice(dot + 1).split('.');
  const base = path.resolve(taskRoot, dir, moduleName);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
  if (!file) {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${dir}${moduleName}'`);
  }
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    }
    throw error;
  }
  let target = loaded;
  for (const key of exportPath) target = target?.[key];
  // CommonJS modules imported as ES modules expose module.exports as the default export.
  if (typeof target !== 'function') {
    target = loaded.default;
    for (const key of exportPath) target = target?.[key];
  }
  if (typeof target !== 'function') {
    throw new RuntimeError(
      'Runtime.HandlerNotFound',
      `${moduleName}.${exportPath.join('.')} is undefined or not exported`,
    );
  }
  return target;
}

// ---- the context object ----------------------------------------------------------------------------
function contextFor(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const env = process.env;
  const context = {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    clientContext: headers['lambda-runtime-client-context']
      ? JSON.parse(headers['lambda-runtime-client-context'])
      : undefined,
    identity: headers['lambda-runtime-cognito-identity']
      ? JSON.parse(headers['lambda-runtime-cognito-identity'])
      : undefined,
  };
  return context;
}

// Runs the handler in whichever style it was written: async/promise, or callback with three parameters.
function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    context.done = settle;
    context.succeed = (result) => settle(null, result);
    context.fail = (error) => settle(error ?? new Error('handled'));
    try {
      const returned = handler(event, context, settle);
      if (returned && typeof returned.then === 'function') {
        returned.then(
          (result) => settle(null, result),
          (error) => settle(error ?? new Error('Promise rejected')),
        );
      } else if (handler.length < 3) {
        settle(null, returned);
      }
    } catch (error) {
      settle(error);
    }
  });
}

async function postError(urlPath, error) {
  const shape = errorShape(error);
  writeLogRecord(
    'ERROR',
    `Invoke Error \t${JSON.stringify({ errorType: shape.errorType, errorMessage: shape.errorMessage, stack: shape.trace })}`,
  );
  await request('POST', urlPath, JSON.stringify(shape), {
    'lambda-runtime-function-error-type': shape.errorType,
  });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    const shape = errorShape(error);
    writeLogRecord(
      'ERROR',
      `Uncaught Exception \t${JSON.stringify({ errorType: shape.errorType, errorMessage: shape.errorMessage, stack: shape.trace })}`,
    );
    await request('POST', '/init/error', JSON.stringify(shape), {
      'lambda-runtime-function-error-type': shape.errorType,
    });
    process.exit(1);
  }
  for (;;) {
    const next = await request('GET', '/invocation/next');
    if (next.status !== 200)
      throw new Error(`Runtime API /next answered ${next.status}: ${next.body.toString()}`);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    const traceId = next.headers['lambda-runtime-trace-id'];
    if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
    else delete process.env._X_AMZN_TRACE_ID;
    try {
      const event = JSON.parse(next.body.toString('utf8'));
      const result = await runHandler(handler, event, contextFor(next.headers));
      const body = JSON.stringify(result === undefined ? null : result);
      await request('POST', `/invocation/${requestId}/response`, body);
    } catch (error) {
      await postError(`/invocation/${requestId}/error`, error);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`The runtime failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
