/** What the contributions panel (contributions-panel.tsx) marks on a row, apart from its status: kept free of the DOM for its unit test. */
import type { Contribution } from '../api';

/** A mark's words in Chinese; the panel shows them through `t()` (English in i18n.ts). */
export interface ContributionMark {
  text: string;
  /** the tooltip: what the mark means */
  title: string;
}

export const FILLED_MARK: ContributionMark = { text: '自动填报', title: '由下级方案的分解落实情况自动填报，非本单位人员报送' };

/**
 * 自动填报 for a contribution the system filled from the unit's child plan (`filled`, docs/cascade.md "The contribution
 * fill"), as the audit trail's CONTRIBUTION_FILLED says: its summary is the roll-up's, not the unit's own words. Kept on
 * a filled contribution the lead returned (its summary is still the filled one) until a person of the unit sends another.
 */
export function filledMark(row: Pick<Contribution, 'filled'>): ContributionMark | null {
  return row.filled === true ? FILLED_MARK : null;
}
