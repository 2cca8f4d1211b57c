/**
 * How long a client connection may hold a socket without making progress. Node closes an idle
 * keep-alive connection (keepAliveTimeout), but not a new one that never sends a byte or never ends
 * its request head: without a timer from accept to the request's head, a client holds thousands of
 * sockets open for free. A slow *answer* (a long report, an export streaming to a slow reader) is
 * not cut: once the request's head has arrived the timer is off.
 */
import type http from 'node:http';

export interface ConnectionTimeouts {
  /** From accepting a connection to the end of its first request's head (line and headers). */
  requestHeadMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
}

/**
 * A browser or a proxy sends its request at once: 10 s covers a slow link many times over. 5 s
 * keep-alive is Node's own default, below the 60 s idle timeout of common load balancers (which must
 * close first, not the gateway).
 */
export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = { requestHeadMs: 10_000, keepAliveMs: 5_000 };

export function applyConnectionTimeouts(server: http.Server, timeouts: ConnectionTimeouts): void {
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // Node's own checks of a later request's head on a kept-alive connection use the same bound.
  server.headersTimeout = timeouts.requestHeadMs;
  server.on('connection', (socket) => socket.setTimeout(timeouts.requestHeadMs, () => socket.destroy()));
  server.on('request', (req: http.IncomingMessage) => req.socket.setTimeout(0));
}
