/** sejahtera.status: the status the database keeps, its history, and the advice that goes with it. */
import { describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, statusAdvice } from '../src/index.ts';
import { DEMO_PASSWORD, answers, registered, sdk } from './support.ts';

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
});
