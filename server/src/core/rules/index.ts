/** The rule registry: every rule, in the order their findings are reported. Add new rules here. */
import type { Rule } from './types';
import { missingSection } from './missing-section';
import { sectionOrder } from './section-order';
import { duplicateSection } from './duplicate-section';
import { emptySection } from './empty-section';
import { noDisputedItems } from './no-disputed-items';
import { missingDecision } from './missing-decision';
import { invalidDecision } from './invalid-decision';
import { missingItemField } from './missing-item-field';
import { decisionRationaleConflict } from './decision-rationale-conflict';
import { missingCredentials } from './missing-credentials';
import { dateOrder } from './date-order';
import { headerField } from './header-field';
import { encodingArtifact } from './encoding-artifact';
import { possiblePhi } from './possible-phi';
import { unknownGuideline } from './unknown-guideline';
import { unknownGuidelineSection } from './unknown-guideline-section';
import { guidelineYearMismatch } from './guideline-year-mismatch';
import { guidelineEra } from './guideline-era';
import { chapterTitleMismatch } from './chapter-title-mismatch';
import { pageOutOfRange } from './page-out-of-range';
import { mtusMisclassified } from './mtus-misclassified';
import { placeholderLeft } from './placeholder-left';
import { evidenceSequence } from './evidence-sequence';
import { letterCutOff } from './letter-cut-off';

export const RULES: readonly Rule[] = [
  missingSection,
  sectionOrder,
  duplicateSection,
  emptySection,
  noDisputedItems,
  missingDecision,
  invalidDecision,
  missingItemField,
  letterCutOff,
  decisionRationaleConflict,
  missingCredentials,
  dateOrder,
  headerField,
  encodingArtifact,
  possiblePhi,
  unknownGuideline,
  unknownGuidelineSection,
  guidelineYearMismatch,
  guidelineEra,
  chapterTitleMismatch,
  pageOutOfRange,
  mtusMisclassified,
  placeholderLeft,
  evidenceSequence,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
