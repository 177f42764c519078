// The API Gateway by itself: the local cloud's gateway in front of an invoker that answers at
// once, next to a bare HTTP server in the same process. Their difference is the gateway's own
// work per request (routing, the event, the response), free of any runtime process.
import http from 'node:http';

const answer = Buffer.from(JSON.stringify({ statusCode: 200, body: 'ok' }));

/**
 * Starts both servers on ephemeral ports of 127.0.0.1.
 * @returns {Promise<{ gatewayUrl: string, bareUrl: string, stop: () => Promise<void> }>}
 */
export async function startGatewayAlone() {
  const { ApiGateway } = await import('@serverless-scientist/local-cloud');
  const gateway = await ApiGateway.start({
    port: 0,
    invoker: { invoke: async () => ({ statusCode: 200, payload: answer }) },
  });
  gateway.deploy({
    service: 'alone',
    stage: 'bench',
    region: 'eu-west-1',
    dir: '',
    file: '',
    functions: [],
    routes: [{ kind: 'rest', method: 'GET', path: '/hello', functionName: 'alone', payloadVersion: '1.0' }],
    schedules: [],
    tables: [],
    binaryMediaTypes: [],
    warnings: [],
  });
  const bare = http.createServer({ keepAlive: true, noDelay: true }, (request, response) => {
    request.resume();
    response.writeHead(200, ['content-type', 'application/json', 'content-length', '2']);
    response.end('ok');
  });
  await new Promise((resolve, reject) => {
    bare.once('error', reject);
    bare.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (bare.address());
  return {
    gatewayUrl: gateway.urlFor('alone', 'bench', '/hello'),
    bareUrl: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await new Promise((resolve) => {
        bare.close(() => resolve(undefined));
        bare.closeAllConnections();
      });
      await gateway.stop();
    },
  };
}
