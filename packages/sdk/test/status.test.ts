/** sejahtera.status: the status the database keeps, its history, and the advice that goes with it. */
import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, malaysianToday, statusAdvice } from '../src/index.ts';
import { DEMO_PASSWORD, answers, demoStaff, registered, sdk, signedIn, unique } from './support.ts';

function daysFromToday(days: number): string {
  return new Date(Date.parse(malaysianToday()) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('status', () => {
  it('pending until the day-0 declaration, then as judged, with history and advice in the person\'s language', async () => {
    const { client, person } = await registered();
    const pending = await client.status.current();
    expect(pending).toMatchObject({ person_id: person.id, status: 'pending_assessment', symptomatic: false, language: 'en', label: 'Pending assessment' });
    expect(await client.status.history()).toEqual([]);

    await client.assessments.submit({ answers: await answers(client) });
    const low = await client.status.current();
    expect(low).toMatchObject({ status: 'low_risk', label: 'Low risk', advice: statusAdvice('low_risk', 'en').advice });
    expect(Date.parse(low.since)).toBeGreaterThan(Date.parse(pending.since));

    await client.assessments.submit({ answers: await answers(client, ['cough', 'travelled_abroad']) });
    const pui = await client.status.current({ language: 'ms' });
    expect(pui).toMatchObject({ status: 'pui', symptomatic: true, language: 'ms', label: 'Pesakit dalam siasatan (PUI)' });
    expect(pui.advice).toMatch(/ujian COVID-19/);

    const history = await client.status.history();
    expect(history.map((h) => [h.from_status, h.to_status, h.source])).toEqual([
      ['low_risk', 'pui', 'assessment'],
      ['pending_assessment', 'low_risk', 'assessment'],
    ]);
    expect((await client.status.history({ limit: 1 })).map((h) => h.to_status)).toEqual(['pui']);
  });

  it('a low-risk person who reports symptoms is advised to seek care', async () => {
    const { client } = await registered();
    await client.assessments.submit({ answers: await answers(client, ['cough']) });
    const current = await client.status.current({ language: 'en' });
    expect(current).toMatchObject({ status: 'low_risk', symptomatic: true });
    expect(current.advice).toMatch(/Seek medical care/);
  });

  it('a guardian reads a dependent\'s status; nobody else does; anon cannot', async () => {
    const guardian = await registered('Guardian');
    const { person: child } = await guardian.client.dependents.add({ full_name: 'Status Child', relationship: 'child' });
    expect((await guardian.client.status.current({ person_id: child.id })).status).toBe('pending_assessment');

    const stranger = await registered('Stranger');
    await expect(stranger.client.status.current({ person_id: child.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(stranger.client.status.current({ person_id: guardian.person.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await stranger.client.status.history({ person_id: guardian.person.id })).toEqual([]);
    await expect(sdk().status.current()).rejects.toBeInstanceOf(AuthError);
    await expect(sdk().status.current({ person_id: child.id })).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('the demo close contact is under surveillance', async () => {
    const contact = sdk();
    await contact.auth.signInWithPassword({ phone: '+601120000001', password: DEMO_PASSWORD });
    const current = await contact.status.current({ language: 'en' });
    expect(['close_contact', 'pui']).toContain(current.status);
    expect((await contact.status.history()).length).toBeGreaterThan(0);
  });

  it('advice needs no request, in Malay and English (zh and ta fall back to English)', () => {
    const client = sdk({ language: 'en' });
    expect(client.status.advice('close_contact')).toMatchObject({ language: 'en', label: 'Close contact (PUS)' });
    expect(client.status.advice('close_contact', { language: 'ms' }).label).toBe('Kontak rapat (PUS)');
    expect(client.status.advice('confirmed', { language: 'ta' }).language).toBe('en');
    for (const status of ['pending_assessment', 'low_risk', 'casual_contact', 'close_contact', 'pui', 'confirmed'] as const) {
      for (const language of ['ms', 'en'] as const) expect(statusAdvice(status, language).advice.length).toBeGreaterThan(20);
    }
  });

  it('says whether today\'s declaration is due: day 0 until the first, then none yet today', async () => {
    const { client } = await registered();
    const before = await client.status.current();
    expect(before.declaration).toEqual({ kind: 'day0', due: true, declared_today: false, last_declared_at: null });
    expect(before.monitoring).toBeNull();

    await client.assessments.submit({ answers: await answers(client) });
    const after = await client.status.current();
    expect(after.declaration).toMatchObject({ kind: 'daily', due: false, declared_today: true });
    expect(Date.now() - Date.parse(after.declaration.last_declared_at!)).toBeLessThan(60_000);
  });

  it('a close contact\'s monitoring period: dates, days left today included, the case\'s outbreak in the person\'s language; the guardian sees a dependent\'s', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const [outbreak] = await officer.tracing.listOutbreaks();
    expect(outbreak).toBeDefined();
    const index = await registered('Index Case');
    const contact = await registered('Close Contact');
    const { person: child } = await contact.client.dependents.add({ full_name: 'Contact Child', relationship: 'child', district_code: 'MY-10-07' });
    const kase = await officer.tracing.createCase({
      person_id: index.person.id,
      case_number: `S-${unique().toUpperCase()}`,
      diagnosis_date: daysFromToday(-1),
      outbreak_id: outbreak.id,
    });
    await officer.tracing.addContact(kase.id, { person_id: contact.person.id, last_exposure_date: daysFromToday(-2), setting: 'household' });
    await officer.tracing.addContact(kase.id, { person_id: child.id, last_exposure_date: daysFromToday(-2), setting: 'household' });

    const days = outbreak.monitoring_days ?? 14;
    const expected = {
      starts_on: daysFromToday(-2),
      ends_on: daysFromToday(days - 2),
      state: 'active',
      days_left: days - 2 + 1,
      outbreak: { code: outbreak.code, name: outbreak.name.en },
    };
    const own = await contact.client.status.current({ language: 'en' });
    expect(own).toMatchObject({ status: 'close_contact', monitoring: expected });
    expect(own.monitoring!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await contact.client.status.current({ language: 'ms' })).monitoring!.outbreak!.name).toBe(outbreak.name.ms);
    expect(await contact.client.status.current({ person_id: child.id, language: 'en' })).toMatchObject({ status: 'close_contact', monitoring: expected });

    // The case is the index's own: no monitoring for them, and nothing of their contacts'.
    expect((await index.client.status.current()).monitoring).toBeNull();
    await expect(index.client.status.current({ person_id: contact.person.id })).rejects.toBeInstanceOf(NotFoundError);
    // The officer who traces the contact reads their record through the audited person_detail and the line
    // lists, not through the public's glance at themselves.
    await expect(officer.status.current({ person_id: contact.person.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await officer.assessments.due()).toEqual([]);

    // Closed by an officer: the period is still told, with how it ended and no days left.
    await officer.tracing.closeMonitoring(own.monitoring!.id, 'Tested negative twice; cleared by the district office');
    expect((await contact.client.status.current({ language: 'en' })).monitoring).toMatchObject({ ...expected, state: 'closed_by_officer', days_left: 0 });
  });

  it('list: everyone the user acts for in one request, oneself first, then dependents by name; nobody else\'s', async () => {
    const guardian = await registered('Guardian Of Two');
    const { person: zara } = await guardian.client.dependents.add({ full_name: 'Zara Child', relationship: 'child' });
    const { person: adam } = await guardian.client.dependents.add({ full_name: 'Adam Elder', relationship: 'parent' });
    await guardian.client.assessments.submit({ person_id: adam.id, answers: await answers(guardian.client, ['cough', 'close_contact']) });
    const all = await guardian.client.status.list({ language: 'en' });
    expect(all.map((p) => [p.full_name, p.relationship, p.status])).toEqual([
      ['Guardian Of Two', null, 'pending_assessment'],
      ['Adam Elder', 'parent', 'pui'],
      ['Zara Child', 'child', 'pending_assessment'],
    ]);
    // Each entry is what status.current says of that person, with the name and relationship besides.
    for (const entry of all) {
      const { full_name: _name, relationship: _relationship, ...status } = entry;
      expect(status).toEqual(await guardian.client.status.current({ person_id: entry.person_id, language: 'en' }));
    }
    expect(all[1]).toMatchObject({ person_id: adam.id, label: 'Patient under investigation (PUI)', declaration: { kind: 'daily', declared_today: true } });
    expect(all[2]).toMatchObject({ person_id: zara.id, declaration: { kind: 'day0', due: true } });

    const stranger = await registered('Stranger Two');
    expect((await stranger.client.status.list()).map((p) => p.full_name)).toEqual(['Stranger Two']);
    // Before a profile: nobody yet.
    const { client: fresh } = await signedIn();
    expect(await fresh.status.list()).toEqual([]);
    await expect(sdk().status.list()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    // @ts-expect-error: not a language of the SDK
    await expect(guardian.client.status.list({ language: 'fr' })).rejects.toMatchObject({ name: 'ValidationError', issues: [{ field: '_', code: 'invalid_choice' }] });
  });
});
