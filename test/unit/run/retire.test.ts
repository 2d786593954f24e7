import { describe, expect, it } from 'vitest';
import { expiredContainers, parseTtlSeconds, RunContainerSummary, TTL_LABEL } from '../../../lib/run/retire.js';

const c = (name: string, created: number, ttl?: string): RunContainerSummary => ({
  id: name,
  name,
  app: 'tk-a',
  created,
  labels: ttl === undefined ? {} : ({ [TTL_LABEL]: ttl } as Record<string, string>),
});

describe('run:retire', () => {
  it('picks only containers past created + ttl; unlabelled or odd labels never expire', () => {
    const list = [c('old', 1000, '60'), c('edge', 1000, '100'), c('young', 1050, '60'), c('none', 0), c('bad', 0, 'x')];
    expect(expiredContainers(list, 1100).map((x) => x.name)).toEqual(['old', 'edge']);
  });
  it('takes Dokku default of 24 hours and refuses what is not a positive integer', () => {
    expect(parseTtlSeconds(undefined)).toBe(86400);
    expect(parseTtlSeconds('5')).toBe(5);
    for (const bad of ['', '0', '-1', '1.5', '$(id)', true]) expect(() => parseTtlSeconds(bad)).toThrow(/positive/);
  });
});
