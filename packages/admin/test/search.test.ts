/** The persons search's PostgREST filter: what people type becomes a filter that cannot be bent. */
import { describe, expect, it } from 'vitest';
import { personSearchFilter } from '../src/providers/persons.ts';

describe('personSearchFilter', () => {
  it('searches names by substring', () => {
    expect(personSearchFilter('  Mohd   Faizal ')).toBe('full_name.ilike.*Mohd Faizal*');
  });

  it('matches a local phone number against the stored +60 form, and the last four digits of the masked ID', () => {
    expect(personSearchFilter('011-2000 0003')).toBe('full_name.ilike.*011-2000 0003*,phone.ilike.*1120000003*,identity_masked.ilike.*0003');
    expect(personSearchFilter('+601120000003')).toBe('full_name.ilike.*+601120000003*,phone.ilike.*1120000003*,identity_masked.ilike.*0003');
    expect(personSearchFilter('5042')).toBe('full_name.ilike.*5042*,phone.ilike.*5042*,identity_masked.ilike.*5042');
  });

  it("drops the characters that would change the filter's meaning", () => {
    expect(personSearchFilter('a,b),phone.eq.x')).toBe('full_name.ilike.*a b phone eq x*');
    expect(personSearchFilter('%_*')).toBeNull();
    expect(personSearchFilter("O'Brien")).toBe('full_name.ilike.*O Brien*');
  });
});
