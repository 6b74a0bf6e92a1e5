/**
 * The MTUS by date: when each guideline label (as MAXIMUS writes it, with its year) was part of the
 * MTUS, from eras.json (8 CCR 9792.20–9792.27.23 and the Administrative Director's orders; every
 * date with its source and confidence). Pure lookups and date arithmetic, used by the
 * `guideline-era` rule, hover and completion.
 */
import type { Citation } from '../citations';
import { HEADER_DATE_ORDER, isCalendarDate, type HeaderKey } from '../format';
import type { Letter } from '../model';
import { citedChapter, normName, type AppliesTo, type Catalog, type EraBound, type EraEntry, type GuidelineEntry } from './index';

export type { AppliesTo, EraBound, EraEntry } from './index';

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** Days since 1970-01-01 (UTC) for a calendar date. */
export function dayNumber(d: Ymd): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86400000);
}

function readIso(s: string): Ymd {
  const [year, month = 1, day = 1] = s.split('-').map(Number);
  return { year, month, day };
}
const isoDates = new Map<string, Ymd>();
/** A catalog date read once (the same few dates are compared for every citation). */
function parseIso(s: string): Ymd {
  let d = isoDates.get(s);
  if (!d) {
    d = readIso(s);
    if (isoDates.size > 1000) isoDates.clear();
    isoDates.set(s, d);
  }
  return { ...d };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
/** 09/10/2019, as a letter writes a date. */
export const showYmd = (d: Ymd) => `${String(d.month).padStart(2, '0')}/${String(d.day).padStart(2, '0')}/${d.year}`;

/** A header date the era checks can rely on: a calendar date, not after today (date-order reports the others). */
export function headerDate(letter: Letter, key: HeaderKey, today: Date): Ymd | undefined {
  const d = letter.header.find((h) => h.key === key && h.date)?.date;
  if (!d || d.year < 1990 || !isCalendarDate(d)) return undefined;
  const todayYmd = { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() };
  if (dayNumber(d) > dayNumber(todayYmd)) return undefined;
  return isOddOneOut(letter, key) ? undefined : d;
}

/**
 * Whether the header's dates out of order (date-order's finding) point at this one: it breaks the
 * order with the most other dates ("Decision Date: 01/10/2016" before a Date Assigned, Application
 * Received and UR Denial Date of late 2016: a typo, not a date to judge the guidelines by). When two
 * dates break it only with each other, which one is wrong cannot be told: neither is used.
 */
function isOddOneOut(letter: Letter, key: HeaderKey): boolean {
  const dated = HEADER_DATE_ORDER.map((k) => letter.header.find((h) => h.key === k && h.date)?.date).map((x) => (x && isCalendarDate(x) ? dayNumber(x) : undefined));
  const broken = dated.map(() => 0);
  for (let i = 0; i < dated.length; i++)
    for (let j = i + 1; j < dated.length; j++)
      if (dated[i] !== undefined && dated[j] !== undefined && dated[i]! > dated[j]!) {
        broken[i]++;
        broken[j]++;
      }
  const mine = broken[HEADER_DATE_ORDER.indexOf(key)] ?? 0;
  return mine > 0 && mine === Math.max(...broken);
}

/** "2016-07-28" → "July 28, 2016"; "2015-09" → "Sept 2015"; "2013" → "2013". */
export function showDate(iso: string): string {
  const parts = iso.split('-').map(Number);
  if (parts.length === 1) return String(parts[0]);
  if (parts.length === 2) return `${MONTHS[parts[1] - 1]} ${parts[0]}`;
  return `${MONTHS[parts[1] - 1]} ${parts[2]}, ${parts[0]}`;
}

/** The era of a label (any spelling the catalog resolves to `guideline`) and year. */
export function eraOf(catalog: Catalog, guideline: GuidelineEntry, year: number | null): EraEntry | undefined {
  const k = normName(guideline.label);
  return catalog.eras.find((e) => e.year === year && normName(e.label) === k);
}

export interface CitedVersion {
  era: EraEntry;
  /** "Low Back Complaints 2004" as the catalog writes it. */
  name: string;
}

/** The guideline version an MTUS citation names, when the catalog has its era. */
export function citedVersion(catalog: Catalog, c: Citation): CitedVersion | undefined {
  if (c.kind === 'mtus') {
    const r = c.resolution;
    if (!r?.knownLabel || !r.guideline || c.misclassifiedSource) return undefined;
    // A year-less label only has an era when the guideline has no years at all (e.g. the Drug Formulary).
    const year = c.year ? (r.yearValid ? c.year.value : undefined) : r.guideline.years.length === 0 ? null : undefined;
    if (year === undefined) return undefined;
    const era = eraOf(catalog, r.guideline, year);
    return era ? { era, name: eraName(era) } : undefined;
  }
  if (c.kind === 'mtus-chapter' && c.chapterNumber) {
    const ch = citedChapter(catalog, c.chapterNumber.value, c.chapterTitle?.text);
    // The 2nd edition's chapters are of 2004; a revision names its year ("Revised 2007").
    const year = Number(/\b(\d{4})\b/.exec(ch?.edition ?? '')?.[1] ?? 2004);
    const g = ch?.guideline ? catalog.guidelines.find((x) => x.label === ch.guideline && x.years.some((y) => y.year === year)) : undefined;
    const era = g ? eraOf(catalog, g, year) : undefined;
    return era ? { era, name: `ACOEM Chapter ${ch!.number} (${era.label} ${year})` } : undefined;
  }
  return undefined;
}

/** The name a version is cited by ("Chronic Pain Medical Treatment 2016"; a label alone when it has no year). */
export function eraName(era: EraEntry): string {
  return `${era.label}${era.year === null ? '' : ` ${era.year}`}`;
}

/**
 * The version that replaced `replacedBy`'s predecessor and was in force on `date`: `replacedBy`
 * itself, or the version that replaced that one in turn, and so on ("Chronic Pain Medical
 * Treatment 2016", itself replaced on Dec 1, 2017 by "Chronic Pain 2017"). Undefined when a name
 * on the way is no version of the catalog (a group such as "Workplace Mental Health (2019 onward)").
 */
export function successorInForce(catalog: Catalog, replacedBy: string, date: Ymd, urDenialDate?: Ymd): string | undefined {
  let name = replacedBy;
  for (let step = 0; step < catalog.eras.length; step++) {
    const k = normName(name);
    const era = catalog.eras.find((e) => normName(eraName(e)) === k);
    if (!era) return undefined;
    const v = eraStatus(era, date, urDenialDate);
    if (v.status !== 'replaced' || !v.bound.replacedBy) return name;
    name = v.bound.replacedBy;
  }
  return undefined;
}

export type EraVerdict =
  | { status: 'in-force' }
  /** The version was not yet part of the MTUS on the date. */
  | { status: 'not-yet'; bound: EraBound }
  /** The MTUS had replaced it, but the request predates the change (transition rule): still right. */
  | { status: 'transition'; bound: EraBound }
  /** The MTUS had replaced it; `withinGrace` when a request or service before the change is still plausible. */
  | { status: 'replaced'; bound: EraBound; daysAfter: number; withinGrace: boolean };

/**
 * Was `era` part of the MTUS on `date`? `urDenialDate`, when known, bounds the treatment request
 * from above (a request precedes its UR decision), which settles changes that apply by request date.
 */
export function eraStatus(era: EraEntry, date: Ymd, urDenialDate?: Ymd): EraVerdict {
  const day = dayNumber(date);
  if (era.from && day < dayNumber(parseIso(era.from.date))) return { status: 'not-yet', bound: era.from };
  const u = era.until;
  if (!u) return { status: 'in-force' };
  const untilDay = dayNumber(parseIso(u.date));
  if (day < untilDay) return { status: 'in-force' };
  const ur = urDenialDate ? dayNumber(urDenialDate) : undefined;
  if (u.appliesTo === 'requests' && ur !== undefined && ur < untilDay) return { status: 'transition', bound: u };
  const evidence = u.appliesTo === 'requests' && ur !== undefined ? ur : day;
  // Without a UR date, a decision comes months after the request it reviews.
  const grace = (u.graceDays ?? 0) + (u.appliesTo === 'requests' && ur === undefined ? 90 : 0);
  const daysAfter = evidence - untilDay;
  return { status: 'replaced', bound: u, daysAfter, withinGrace: daysAfter < grace };
}

const APPLIES: Record<AppliesTo, string> = {
  'in-force': '',
  requests: ' (treatment requests made on or after)',
  services: ' (services rendered on or after)',
};

/**
 * One line for hover and completion: the version's date, when it entered and left the MTUS, with
 * confidence ("8 CCR 9792.24.2: version of Apr 10, 2014 (confirmed); in the MTUS from July 29, 2016
 * ... (confirmed); until ..."). `brief`, for a line that names the regulation already (the hover):
 * without the regulation when it is that one, and each confidence said only where it is not
 * "confirmed" ("(all confirmed)" at the end when every one is).
 */
export function eraSummary(era: EraEntry, brief?: { regulation?: string }): string {
  const parts: string[] = [];
  const sure = (c: string) => (brief && c === 'confirmed' ? '' : ` (${c})`);
  if (era.published?.date) parts.push(`version of ${showDate(era.published.date)}${sure(era.published.confidence)}`);
  if (era.from)
    parts.push(
      `in the MTUS ${era.from.bound === 'not-before' ? 'not before' : 'from'} ${showDate(era.from.date)}${APPLIES[era.from.appliesTo]}${sure(era.from.confidence)}`,
    );
  if (era.until)
    parts.push(
      `until ${showDate(era.until.date)}${APPLIES[era.until.appliesTo]}${era.until.replacedBy ? `, replaced by ${era.until.replacedBy}` : ''}${sure(era.until.confidence)}`,
    );
  else if (era.from) parts.push('still in the MTUS as far as the catalog knows');
  const note = era.until?.note ? ` ${era.until.note}` : '';
  const named = era.regulation && !(brief && brief.regulation === era.regulation);
  const confidences = [era.published?.date ? era.published.confidence : undefined, era.from?.confidence, era.until?.confidence].filter((c) => c !== undefined);
  const allSure = brief && confidences.length > 0 && confidences.every((c) => c === 'confirmed') ? ' (all confirmed)' : '';
  return `${named ? `8 CCR ${era.regulation}: ` : ''}${parts.join('; ')}${allSure}.${note}`;
}
