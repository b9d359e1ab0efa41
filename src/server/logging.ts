/**
 * Logs carry no personal information and no secrets: URLs lose their query string (OIDC codes,
 * states), addresses are left out (the audit log is where "from where" is kept), and any
 * credential-looking field is censored wherever it appears.
 */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.email',
        '*.csrfToken',
        '*.secret',
        '*.clientSecret',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
