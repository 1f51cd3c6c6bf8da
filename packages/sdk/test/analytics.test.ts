/** sejahtera.analytics: the dashboard's figures, aggregates only, scoped to the caller's jurisdiction. */
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SejahteraStaffClient, ValidationError, malaysianToday } from '../src/staff.ts';
import { demoStaff, registered, staffSdk } from './support.ts';

let officer: SejahteraStaffClient;
let supervisor: SejahteraStaffClient;
let analyst: SejahteraStaffClient;
let agent: SejahteraStaffClient;
let admin: SejahteraStaffClient;

const to_date = malaysianToday();
const from_date = new Date(Date.parse(to_date) - 29 * 86_400_000).toISOString().slice(0, 10);
const REFUSED = { name: 'PermissionError', status: 403, message: 'The dashboard is for officers, supervisors, analysts and administrators' };

beforeAll(async () => {
  [officer, supervisor, analyst, agent, admin] = await Promise.all(
    ['officer', 'supervisor', 'analyst', 'agent', 'admin'].map((who) => demoStaff(`${who}@sejahtera.test`)),
  );
});

describe('analytics', () => {
  it('summary: every metric and status, national for analysts, narrower for officers', async () => {
    const national = await analyst.analytics.summary({ from_date, to_date });
    expect(national).toMatchObject({ from_date, to_date });
    expect(Object.keys(national.in_range).sort()).toEqual(
      ['assessments', 'cases', 'contacts', 'dependent_registrations', 'first_sign_ins', 'registrations', 'symptomatic_assessments'],
    );
    expect(Object.keys(national.people_by_status).sort()).toEqual(['casual_contact', 'close_contact', 'confirmed', 'low_risk', 'pending_assessment', 'pui']);
    expect(national.all_time.assessments).toBeGreaterThanOrEqual(national.in_range.assessments);
    expect(national.all_time.cases).toBeGreaterThan(0);
    expect(national.monitoring.active).toBeGreaterThanOrEqual(national.monitoring.non_reporting);
    expect(national.high_risk.pui).toBe(national.people_by_status.pui);
    // Aggregates only: no names, documents, phones or addresses anywhere.
    expect(JSON.stringify(national)).not.toMatch(/full_name|identity|phone|address|@/);

    const petaling = await officer.analytics.summary({ from_date, to_date, district_code: 'MY-10-07' });
    const mine = await officer.analytics.summary({ from_date, to_date });
    expect(mine.all_time.registrations).toBeGreaterThanOrEqual(petaling.all_time.registrations);
    expect(national.all_time.registrations).toBeGreaterThanOrEqual(mine.all_time.registrations);
    const selangor = await supervisor.analytics.summary({ from_date, to_date, state_code: 'MY-10' });
    expect(selangor.all_time.registrations).toBeGreaterThanOrEqual(mine.all_time.registrations);
  });

  it('a new registration in Petaling is counted today', async () => {
    const before = await officer.analytics.summary({ from_date: to_date, to_date, district_code: 'MY-10-07' });
    await registered('Counted Person');
    const after = await officer.analytics.summary({ from_date: to_date, to_date, district_code: 'MY-10-07' });
    expect(after.in_range.registrations).toBeGreaterThanOrEqual(before.in_range.registrations + 1);
  });

  it('daily: one figure per day of the range, adding up to the summary', async () => {
    const series = await analyst.analytics.daily({ metric: 'assessments', from_date, to_date });
    expect(series).toHaveLength(30);
    expect(series[0].day).toBe(from_date);
    expect(series.at(-1)?.day).toBe(to_date);
    const summary = await analyst.analytics.summary({ from_date, to_date });
    expect(series.reduce((sum, d) => sum + d.value, 0)).toBe(summary.in_range.assessments);
    const cases = await officer.analytics.daily({ metric: 'cases', from_date, to_date, district_code: 'MY-10-07' });
    expect(cases.every((d) => typeof d.value === 'number' && d.value >= 0)).toBe(true);
  });

  it('highRisk: per state for analysts, per district for officers and supervisors', async () => {
    const states = await analyst.analytics.highRisk();
    expect(states).toHaveLength(16);
    expect(states.find((s) => s.area_code === 'MY-10')).toMatchObject({ area_name: 'Selangor' });
    const selangor = await analyst.analytics.highRisk({ state_code: 'MY-10' });
    expect(selangor.every((d) => d.area_code.startsWith('MY-10-'))).toBe(true);
    expect((await officer.analytics.highRisk()).map((d) => d.area_code)).toEqual(['MY-10-02', 'MY-10-07']);
    expect((await supervisor.analytics.highRisk()).map((d) => d.area_code)).toEqual(selangor.map((d) => d.area_code));
    expect((await admin.analytics.highRisk()).length).toBe(16);
  });

  it('bad queries are ValidationError: before the request, or from the database', async () => {
    await expect(analyst.analytics.summary({ from_date: to_date, to_date: from_date })).rejects.toMatchObject({
      name: 'ValidationError',
      fields: { to_date: ['must be on or after from_date'] },
    });
    // @ts-expect-error: not a metric
    await expect(analyst.analytics.daily({ metric: 'deaths', from_date, to_date })).rejects.toBeInstanceOf(ValidationError);
    await expect(analyst.analytics.daily({ metric: 'cases', from_date: '1 Nov', to_date })).rejects.toBeInstanceOf(ValidationError);
    await expect(analyst.analytics.summary({ from_date, to_date, state_code: 'MY-99' })).rejects.toMatchObject({
      name: 'ValidationError',
      fields: { state_code: ['no such state'] },
    });
    await expect(analyst.analytics.highRisk({ district_code: 'MY-99-99' })).rejects.toMatchObject({
      name: 'ValidationError',
      fields: { district_code: ['no such district'] },
    });
    await expect(analyst.analytics.highRisk({ state_code: 'Selangor' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('the public and call-centre agents are refused with the database\'s message; anon must sign in', async () => {
    const { client } = await registered('Test Person', staffSdk);
    for (const who of [client, agent]) {
      await expect(who.analytics.summary({ from_date, to_date })).rejects.toMatchObject(REFUSED);
      await expect(who.analytics.daily({ metric: 'registrations', from_date, to_date })).rejects.toMatchObject(REFUSED);
      await expect(who.analytics.highRisk()).rejects.toMatchObject(REFUSED);
    }
    const anon = staffSdk();
    await expect(anon.analytics.summary({ from_date, to_date })).rejects.toBeInstanceOf(AuthError);
    await expect(anon.analytics.daily({ metric: 'cases', from_date, to_date })).rejects.toBeInstanceOf(AuthError);
    await expect(anon.analytics.highRisk()).rejects.toBeInstanceOf(AuthError);
  });
});
