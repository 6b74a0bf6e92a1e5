/** The rule contract. One rule per file in this folder; `index.ts` registers them. */
import type { Letter, Span } from '../model';
import type { Catalog } from '../catalog';
import type { Range } from '../text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEditSpec {
  span: Span;
  newText: string;
}

/** A fix computed by the rule itself, so the editor's quick fix and `imr-lint --fix` apply the same edits. */
export interface Fix {
  title: string;
  edits: TextEditSpec[];
  /** The one obvious fix (applied by "fix all" and `--fix`); others are offered only as quick fixes. */
  preferred?: boolean;
}

export interface Finding {
  span: Span;
  message: string;
  /** Overrides the rule's default severity for this finding, e.g. graded by catalog confidence.
   *  A user's configured severity for the rule still wins. */
  severity?: Severity;
  /** Rule-specific facts that quick fixes and other tools key on (becomes Diagnostic.data). */
  data?: Record<string, unknown>;
  fixes?: Fix[];
  related?: { span: Span; message: string }[];
  /** LSP diagnostic tags (1 = unnecessary, 2 = deprecated). */
  tags?: number[];
}

export interface RuleContext {
  letter: Letter;
  catalog: Catalog;
  /** "Today", for rules that compare dates with the present (injected for tests). */
  today: Date;
}

export interface Rule {
  /** Stable kebab-case id: part of the public interface (configs, docs, suppressions). */
  id: string;
  /** One line: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  /** True when at least some findings carry a preferred fix (applied by Fix All and `imr-lint --fix`). */
  fixable: boolean;
  /** True when a finding's text is personal information: an "ignore" entry then names it by a
   *  fingerprint, never by the text of its line (which would copy it into a config file). */
  quotesPersonalData?: boolean;
  /** True when some findings carry fixes that are never preferred: offered as quick fixes only. */
  suggestsFixes?: boolean;
  check(ctx: RuleContext): Finding[];
}

/** A finding as lintLetter reports it: the rule's finding with its ranges resolved and its severity applied. */
export interface LintDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  data?: Record<string, unknown>;
  fixes: LintFix[];
  related: { span: Span; range: Range; message: string }[];
  tags?: number[];
}

/** A rule's fix with each edit's range resolved against the letter that was linted. */
export interface LintFix extends Fix {
  edits: (TextEditSpec & { range: Range })[];
}
