/** Structured logs (pino). Redaction is a second line of defence: nothing should log secrets at all. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*.password', '*.token', '*.apiKey', '*["x-api-key"]'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
