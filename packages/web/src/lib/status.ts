import type { CurrentStatus } from '@sejahtera/sdk';

/** What a status card shows of a person. */
export interface StatusCard extends Omit<CurrentStatus, 'monitoring'> {
  name: string;
  /** null for the account holder, else how the dependent is related. */
  relationship: string | null;
  /** The last day of the open monitoring period, and the days left including today. */
  monitoring: { endsOn: string; daysLeft: number } | null;
  /** Where this person's declaration is made: /assess for oneself, /people/<id>/assess for a dependent. */
  assessHref: string;
  /** The day-0 declaration is still to be made (no declaration yet). */
  day0Due: boolean;
  /** A declaration was made today (Malaysia's date). */
  declaredToday: boolean;
}
