import type { Config } from '../../config/config.ts';

/** Each way of signing in or asking for a link takes this many requests per address per minute (SEC-4). */
export const signInRateLimit = (config: Pick<Config, 'RATE_LIMIT_SIGNIN_PER_MINUTE'>) => ({
  max: config.RATE_LIMIT_SIGNIN_PER_MINUTE,
  timeWindow: '1 minute',
});
