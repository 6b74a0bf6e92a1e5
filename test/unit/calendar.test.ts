/** isCalendarDate by arithmetic agrees with the Date-based definition it replaced, on every day of 1890–2110 and odd values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCalendarDate } from '../../server/src/core/format';

function reference(d: { year: number; month: number; day: number }): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const days = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return d.day <= days && d.year >= 1900;
}

test('isCalendarDate: every month and day of 1890–2110, and odd values, as the Date definition', () => {
  for (let year = 1890; year <= 2110; year++) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) assert.equal(isCalendarDate({ year, month, day }), reference({ year, month, day }), `${year}-${month}-${day}`);
    }
  }
  for (const d of [
    { year: 2000, month: 2, day: 29 }, { year: 1900, month: 2, day: 29 }, { year: 2100, month: 2, day: 29 }, { year: 2400, month: 2, day: 29 },
    { year: 9999, month: 12, day: 31 }, { year: 10000, month: 1, day: 1 }, { year: 275760, month: 9, day: 13 }, { year: 275760, month: 10, day: 1 },
    { year: 2016, month: NaN, day: 1 }, { year: NaN, month: 1, day: 1 }, { year: 2016, month: 2.5, day: 28 }, { year: 2016, month: 2, day: 28.5 }, { year: 99, month: 1, day: 1 },
  ]) assert.equal(isCalendarDate(d), reference(d), JSON.stringify(d));
});
