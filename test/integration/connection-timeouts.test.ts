/**
 * Connections that make no progress are closed by the gateway: one that never sends a byte, one
 * whose headers never end, one idle between requests; a request that arrived is answered whatever
 * it takes.
 */
import net from 'node:net';
import { UsersPageDocument } from '../../schema/generated/operations';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ gateway: { connectionTimeouts: { requestHeadMs: 300, keepAliveMs: 300 } } });
});
afterAll(() => harness.stop());

function connect(): Promise<net.Socket> {
  const { hostname, port } = new URL(harness.endpoint);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent before it closed the connection. */
const closedByServer = (socket: net.Socket) =>
  new Promise<string>((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.once('close', () => resolve(received));
  });

it('closes every connection that never sends a byte', async () => {
  const sockets = await Promise.all(Array.from({ length: 50 }, connect));
  const answers = await Promise.all(sockets.map(closedByServer));
  expect(answers.every((text) => text === '')).toBe(true);
});

it('closes a connection whose headers never end', async () => {
  const socket = await connect();
  const closed = closedByServer(socket);
  socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n');
  expect(await closed).toBe('');
});

it('answers a request that arrived, then closes the idle keep-alive connection', async () => {
  const socket = await connect();
  const closed = closedByServer(socket);
  const body = JSON.stringify({ query: 'query { __typename }' });
  socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  expect(await closed).toMatch(/^HTTP\/1.1 200 [\s\S]*"__typename":"Query"/);
});

it('does not cut a request that takes longer than the timeouts to answer', async () => {
  harness.simulator.injectFault({ path: '/users', delayMs: 1_000, times: 1 });
  const result = await harness.request(UsersPageDocument, { page: 1 });
  expect(result.errors).toBeUndefined();
});
