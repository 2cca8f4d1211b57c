/**
 * A stand-in for the Unduit API that misbehaves on purpose where the simulator cannot: it passes every
 * request through to a real simulator unless a test's `misbehave` rule takes it (a redirect, a huge
 * body, a status). It records what reached it (method, path, headers, body) as data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Answers the request itself (returns true), or leaves it to the simulator (false). */
export type Misbehaviour = (request: SeenRequest, response: http.ServerResponse) => boolean;

export interface MisbehavingUpstream {
  baseUrl: string;
  seen: SeenRequest[];
  misbehave: Misbehaviour;
  stop(): Promise<void>;
}

/** An HTTP server on a free port; `onRequest` answers every request, after its body was read. */
export async function startRecordingServer(
  onRequest: (request: SeenRequest, response: http.ServerResponse) => void,
): Promise<{ url: string; seen: SeenRequest[]; stop(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(request);
      onRequest(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** In front of `simulatorBaseUrl` (e.g. http://127.0.0.1:4001/api/v1): the same paths, passed through unless a rule answers. */
export async function startMisbehavingUpstream(simulatorBaseUrl: string): Promise<MisbehavingUpstream> {
  const target = new URL(simulatorBaseUrl);
  const upstream: MisbehavingUpstream = { baseUrl: '', seen: [], misbehave: () => false, stop: async () => undefined };
  const server = await startRecordingServer((request, response) => {
    if (upstream.misbehave(request, response)) return;
    const forwarded = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.end(request.body);
  });
  upstream.baseUrl = server.url + target.pathname.replace(/\/+$/, '');
  upstream.seen = server.seen;
  upstream.stop = server.stop;
  return upstream;
}
