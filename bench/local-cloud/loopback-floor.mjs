// The floor under any local Lambda that runs handlers in their own process, as AWS does: one
// keep-alive HTTP round trip over loopback to another process that answers at once. The Runtime
// API exchange (event out on the held /next, result back as a POST) costs at least this much.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const readyTimeoutMs = 10_000;
const stopTimeoutMs = 5_000;

// The smallest HTTP server: it prints its ephemeral port, then answers `ok` to every request.
const serverSource = `
const server = require('node:http').createServer({ keepAlive: true, noDelay: true }, (request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  response.end('ok');
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/**
 * Starts the answering process.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startLoopbackPeer() {
  const child = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };
  let timer;
  const port = await Promise.race([
    new Promise((resolve) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk.toString('utf8');
        if (text.includes('\n')) resolve(Number(text.trim()));
      });
    }),
    exited.then(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(undefined), readyTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!Number.isInteger(port)) {
    await stop();
    throw new Error(`the loopback peer (node -e) did not report a port within ${readyTimeoutMs} ms`);
  }
  return { url: `http://127.0.0.1:${port}/`, stop };
}
