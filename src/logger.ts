// Structured logs to stderr (stdout is for answers); secrets are redacted wherever they appear.
import { destination, pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, secrets: ReadonlyArray<string | undefined> = []): Logger {
  const hidden = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'config.discordToken'],
        censor: '[redacted]',
      },
      hooks: {
        // Belt and braces: a token that slips into any message or field text is masked before it is written.
        streamWrite: (line) => hidden.reduce((text, secret) => text.split(secret).join('[redacted]'), line),
      },
    },
    destination({ fd: 2, sync: true }),
  );
}
