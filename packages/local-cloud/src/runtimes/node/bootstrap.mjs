// The Node runtime of the local cloud: one long-lived process per execution environment that pulls
// its work from the Lambda Runtime API, as AWS's managed Node runtime does.
// Plain JavaScript with Node's standard library only, so a cold start costs Node's own start and nothing more.
import { existsSync } from 'node:fs';
import net from 'node:net';
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
// AWS_LAMBDA_RUNTIME_API is host:port, as on AWS.
const [apiHost, apiPort] = runtimeApi.split(':');
const runtimePath = '/2018-06-01/runtime';

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
/**
 * One keep-alive HTTP/1.1 connection to the Runtime API, one request at a time. The peer is the local
 * Runtime API, which always answers with a Content-Length, so this is all the HTTP the runtime needs; it
 * costs a fraction of node:http's client per request, which every warm invocation pays twice.
 */
class RuntimeConnection {
  #socket;
  #chunks = [];
  #length = 0;
  /** The answer's status, headers and where its body ends, once its head is in. */
  #head;
  #waiting;

  request(method, urlPath, body, headers) {
    if (this.#waiting) return Promise.reject(new Error('Runtime API request while another is in flight'));
    if (!this.#socket) this.#connect();
    let head = `${method} ${runtimePath}${urlPath} HTTP/1.1\r\nHost: ${runtimeApi}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    const payload = body === undefined ? '' : body;
    head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(head + payload);
    });
  }

  #connect() {
    const socket = net.connect(Number(apiPort), apiHost);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#received(chunk));
    const fail = (error) => {
      if (this.#socket === socket) this.#socket = undefined;
      this.#chunks = [];
      this.#length = 0;
      this.#head = undefined;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(error ?? new Error('The Runtime API closed the connection'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.#socket = socket;
  }

  // Chunks are kept until the whole answer is in, so a 6 MB event is copied once, not once per chunk.
  #received(chunk) {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (!this.#waiting) return;
    if (!this.#head) {
      const buffered = this.#joined();
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const lines = buffered.toString('latin1', 0, headEnd).split('\r\n');
      const headers = {};
      for (let index = 1; index < lines.length; index++) {
        const colon = lines[index].indexOf(':');
        headers[lines[index].slice(0, colon).toLowerCase()] = lines[index].slice(colon + 1).trim();
      }
      if (headers['transfer-encoding']) {
        this.#socket.destroy(
          new Error(`Runtime API answered with transfer-encoding ${headers['transfer-encoding']}`),
        );
        return;
      }
      const bodyStart = headEnd + 4;
      const status = Number(lines[0].split(' ')[1]);
      this.#head = { status, headers, bodyStart, end: bodyStart + Number(headers['content-length'] ?? 0) };
    }
    const { status, headers, bodyStart, end } = this.#head;
    if (this.#length < end) return;
    const buffered = this.#joined();
    const rest = buffered.subarray(end);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    this.#head = undefined;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve({ status, headers, body: buffered.subarray(bodyStart, end) });
  }

  #joined() {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }
}

const connection = new RuntimeConnection();

function request(method, urlPath, body, headers = {}) {
  return connection.request(method, urlPath, body, headers);
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
