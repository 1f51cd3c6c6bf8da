import type { CurrentStatus } from '@sejahtera/sdk';

/** What a status card shows of a person. */
export interface StatusCard extends CurrentStatus {
  name: string;
  /** null for the account holder, else how the dependent is related. */
  relationship: string | null;
  /** The last day of the open monitoring period, and the days left including today. */
  monitoring: { endsOn: string; daysLeft: number } | null;
}
