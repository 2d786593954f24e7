import { describe, expect, it } from 'vitest';
import { normalizeSchedule } from '../../../lib/cron/schedule.js';

describe('normalizeSchedule', () => {
  it.each([
    ['* * * * *', '* * * * *'],
    ['5 5 5 5 5', '5 5 5 5 5'],
    ['*/15  0-6\t1,15 jan-mar MON', '*/15 0-6 1,15 jan-mar MON'],
    ['0 0 * * 7', '0 0 * * 7'],
    ['1-30/2 * * * *', '1-30/2 * * * *'],
    ['@daily', '@daily'],
    ['@Hourly', '@hourly'],
    ['@midnight', '@midnight'],
    ['  @weekly ', '@weekly'],
  ])('accepts %j', (s, want) => {
    expect(normalizeSchedule(s)).toBe(want);
  });

  it.each([
    ['* * * *', /exactly 5 fields .*found 4$/],
    ['0 * * * * *', /seconds are not supported/],
    ['60 * * * *', /minute 60 is out of range 0-59/],
    ['* 24 * * *', /hour 24 is out of range/],
    ['* * 0 * *', /day of month 0 is out of range 1-31/],
    ['* * * 13 *', /month 13/],
    ['* * * * 8', /day of week 8/],
    ['5-1 * * * *', /runs backwards/],
    ['*/0 * * * *', /step "0" must be a positive number/],
    ['5/10 * * * *', /step needs \* or a range/],
    ['1,,2 * * * *', /empty list item/],
    ['? * * * *', /only digits/],
    ['0 0 L * *', /not a number/],
    ['0 0 * * 1#2', /only digits/],
    ['0 0 * foo *', /not a number or a name/],
    ['@every 1h', /unknown shorthand/],
    ['@reboot', /unknown shorthand/],
    ['* * * * * /bin/true', /found 6/],
    ['* * * * *\n* * * * * root touch /tmp/x', /only digits/],
    ['0 0 * * *%', /only digits/],
    ['-1 * * * *', /not a value, a range or \*/],
  ])('refuses %j', (s, why) => {
    expect(() => normalizeSchedule(s)).toThrow(why);
  });
});
