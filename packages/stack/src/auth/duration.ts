/**
 * Go's time.ParseDuration, for `ban_duration` ("24h", "1h30m", "90s", "876000h"): a sequence of
 * decimal numbers with units ns, us (µs), ms, s, m, h. Returns seconds.
 */
import { badRequest } from './errors.ts';

const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export function parseGoDuration(value: string): number {
  const invalid = () => badRequest('validation_failed', `invalid format for ban duration: time: invalid duration "${value}"`);
  let rest = value;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let seconds = 0;
  const part = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest) {
    const match = part.exec(rest);
    if (!match || match[1] === '' || match[1] === '.') throw invalid();
    seconds += Number(match[1]) * UNITS[match[2]];
    rest = rest.slice(match[0].length);
  }
  return sign * seconds;
}
