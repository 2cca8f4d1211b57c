/**
 * Every refusal at the HTTP edge is GraphQL JSON, `{ "errors": [{ "message", "extensions": { "code" } }] }`
 * with the code's status (core/errors.ts), in every NODE_ENV: never express's HTML error page, never a
 * stack trace or a server path, and never a request body in a log line (a body that is not JSON may
 * hold a password: the JSON parser's own message quotes it, so that message is never used).
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { badRequest, ErrorCode, HTTP_STATUS, payloadTooLarge, routeNotFound, type GatewayError } from '../core/errors';
import type { Logger } from '../core/logger';

export function sendRefusal(res: Response, error: GatewayError): void {
  const { http, ...extensions } = error.extensions;
  for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
  res.status(HTTP_STATUS[error.code]).json({ errors: [{ message: error.message, extensions }] });
}

/** A password or a credential in a query string: what a URL holds ends up in proxies', browsers' and traces' records. */
const CREDENTIAL_IN_URL = /password|(^|[?&])(access_token|token|api_?key|x-api-key|authorization)=/i;

/** Refuses a GET that carries credentials in its URL (a `login` sent by GET), before anything reads it further. */
export function credentialsInUrlRefusal(): RequestHandler {
  return (req, res, next) => {
    const query = req.originalUrl.split('?')[1];
    if (req.method !== 'GET' || query === undefined || !CREDENTIAL_IN_URL.test(safeDecode(query))) return next();
    sendRefusal(
      res,
      badRequest(
        'Credentials do not belong in a URL (proxies, browsers and traces record it): send them in the body of a POST, or in a header',
      ),
    );
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Unknown routes: a 404 in GraphQL's error shape. */
export function routeNotFoundHandler(): RequestHandler {
  return (req, res) => sendRefusal(res, routeNotFound(req.method, req.path));
}

/** Replaces express's default error handler, which answers HTML and logs the error (body included). */
export function refusalErrorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error: { type?: string; status?: number }, _req, res, _next) => {
    if (res.headersSent) return;
    switch (error.type) {
      case 'entity.too.large':
        return sendRefusal(res, payloadTooLarge(bodyLimit));
      case 'entity.parse.failed':
        return sendRefusal(res, badRequest('The request body is not valid JSON (send a JSON object: {"query": ...})'));
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendRefusal(res, badRequest('The request body must be UTF-8 JSON'));
      default:
        if (error.status && error.status >= 400 && error.status < 500) {
          return sendRefusal(res, badRequest('The request could not be read as a GraphQL request'));
        }
        logger.error({ type: error.type ?? null, status: error.status ?? null }, 'unexpected error at the HTTP edge');
        res.status(HTTP_STATUS[ErrorCode.INTERNAL_SERVER_ERROR]).json({
          errors: [{ message: 'Internal error in the gateway; it has been logged', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
        });
    }
  };
}
