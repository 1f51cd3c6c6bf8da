/** The schemas forms share: they must say what the database says, before the database has to. */
import { databaseUrlFor } from '@sejahtera/stack/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { malaysianMobileSchema, malaysianToday, mykadBirthDate, mykadProblem, mykadSchema, pastDateSchema, phoneSchema } from '../src/index.ts';

describe('MyKad', () => {
  it('judges numbers exactly as the database does (private.identity_problem), over dates and place-of-birth codes', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 400; i++) {
      const yy = String(Math.floor(Math.random() * 100)).padStart(2, '0');
      const mm = String(Math.floor(Math.random() * 14)).padStart(2, '0');
      const dd = String(Math.floor(Math.random() * 33)).padStart(2, '0');
      const pb = String(Math.floor(Math.random() * 100)).padStart(2, '0');
      numbers.push(`${yy}${mm}${dd}${pb}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`);
    }
    // The edges: 29 February in a century year that is a leap year (2000) and one that is not (1900).
    numbers.push('000229105022', '040229105022', '010229105022', '991231825022', '860314145022', '86031414502', '8603141450222');
    const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
    await client.connect();
    try {
      const { rows } = await client.query<{ number: string; problem: string | null }>(
        `select n as number, private.identity_problem('mykad', n) as problem from unnest($1::text[]) n`,
        [numbers],
      );
      for (const { number, problem } of rows) {
        const expected = problem === null ? null : problem.replace(/^identity_number: /, '');
        expect(mykadProblem(number), number).toBe(expected);
      }
    } finally {
      await client.end();
    }
  });

  it('takes dashes and spaces, and gives the date of birth in the right century', () => {
    expect(z.parse(mykadSchema, ' 860314-14-5022 ')).toBe('860314145022');
    expect(mykadBirthDate('860314145022')).toBe('1986-03-14');
    expect(mykadBirthDate('160509106012')).toBe('2016-05-09');
    expect(mykadBirthDate('990101105022', '2026-11-27')).toBe('1999-01-01');
    expect(z.safeParse(mykadSchema, '860314-99-502').success).toBe(false);
  });
});

describe('phones and dates', () => {
  it('normalises Malaysian numbers as people write them, and refuses other countries\' for sign-up', () => {
    for (const written of ['012-345 6789', '+60 12-345 6789', '60123456789', '(012) 3456789']) {
      expect(z.parse(malaysianMobileSchema, written)).toBe('+60123456789');
    }
    expect(z.parse(malaysianMobileSchema, '011-2345 6789')).toBe('+601123456789');
    expect(z.safeParse(malaysianMobileSchema, '03-1234 5678').success).toBe(false); // a landline
    expect(z.safeParse(malaysianMobileSchema, '+6591234567').success).toBe(false);
    expect(z.parse(phoneSchema, '0065 9123 4567')).toBe('+6591234567');
  });

  it('no date after today in Malaysia', () => {
    const today = malaysianToday();
    expect(z.safeParse(pastDateSchema, today).success).toBe(true);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(z.safeParse(pastDateSchema, tomorrow).success).toBe(false);
    expect(z.safeParse(pastDateSchema, '2020-02-30').success).toBe(false);
  });
});
