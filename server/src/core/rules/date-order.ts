import { HEADER_DATE_ORDER, headerName, isCalendarDate } from '../format';
import type { HeaderField } from '../model';
import type { Finding, Rule } from './types';

const key = (d: { year: number; month: number; day: number }) => d.year * 10000 + d.month * 100 + d.day;
const show = (d: { year: number; month: number; day: number }) =>
  `${String(d.month).padStart(2, '0')}/${String(d.day).padStart(2, '0')}/${d.year}`;
const labelOf = (f: HeaderField) => headerName(f.key);

/**
 * Header dates follow the life of the case: injury ≤ UR denial ≤ application received ≤ date
 * assigned ≤ decision date; none lies after the decision date or after today.
 */
export const dateOrder: Rule = {
  id: 'date-order',
  description: 'Header dates are in an impossible order, lie in the future, or are not calendar dates.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter, today }) {
    const findings: Finding[] = [];
    const todayKey = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
    const dated: HeaderField[] = [];
    for (const k of HEADER_DATE_ORDER) {
      const f = letter.header.find((h) => h.key === k && h.date);
      if (!f || !f.date || !f.valueSpan) continue;
      if (!isCalendarDate(f.date)) {
        findings.push({ span: f.valueSpan, message: `${labelOf(f)} "${f.value}" is not a calendar date (MM/DD/YYYY).`, data: { field: f.key, problem: 'invalid' } });
        continue;
      }
      dated.push(f);
    }
    const reported = new Set<HeaderField>();
    // Consecutive present dates must not decrease.
    for (let i = 1; i < dated.length; i++) {
      const a = dated[i - 1];
      const b = dated[i];
      if (key(a.date!) <= key(b.date!)) continue;
      reported.add(b);
      findings.push({
        span: b.valueSpan!,
        message: `${labelOf(b)} (${show(b.date!)}) is earlier than ${labelOf(a)} (${show(a.date!)}): the order must be ${HEADER_DATE_ORDER.map(headerName).join(' ≤ ')}.`,
        data: { field: b.key, after: a.key, problem: 'order' },
        related: [{ span: a.valueSpan!, message: `${labelOf(a)}: ${show(a.date!)}` }],
      });
    }
    const decision = dated.find((f) => f.key === 'decisionDate');
    // A decision date already reported as out of order explains every date after it: one finding, not one per date.
    const decisionOdd = !!decision && reported.has(decision);
    for (const f of dated) {
      if (reported.has(f)) continue;
      if (decision && f !== decision && key(f.date!) > key(decision.date!)) {
        if (decisionOdd) continue;
        findings.push({
          span: f.valueSpan!,
          message: `${labelOf(f)} (${show(f.date!)}) is after the decision date (${show(decision.date!)}).`,
          data: { field: f.key, problem: 'after-decision' },
          related: [{ span: decision.valueSpan!, message: `Decision Date: ${show(decision.date!)}` }],
        });
      } else if (key(f.date!) > todayKey) {
        findings.push({
          span: f.valueSpan!,
          message: `${labelOf(f)} (${show(f.date!)}) is in the future.`,
          data: { field: f.key, problem: 'future' },
        });
      }
    }
    return findings;
  },
};
