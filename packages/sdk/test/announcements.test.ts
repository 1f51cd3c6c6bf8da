/**
 * sejahtera.announcements: drafts written by staff for their jurisdiction (the staff entry's
 * StaffAnnouncements), published through publish_announcement, fanned out by the database to the
 * audience's inboxes, read by the audience through the public entry.
 * Published announcements go to Hulu Langat (MY-10-02), where only these tests' users live, so that
 * other tests' inboxes stay as they expect.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, PermissionError, ValidationError, newIdempotencyKey } from '../src/index.ts';
import type { SejahteraClient } from '../src/index.ts';
import type { CreateAnnouncementInput } from '../src/staff.ts';
import { demoStaff, sdk, signedIn, staffSdk, unique } from './support.ts';

const HULU_LANGAT = 'MY-10-02';

function draft(target: CreateAnnouncementInput['target'] = { kind: 'district', district: HULU_LANGAT }): CreateAnnouncementInput {
  const tag = unique();
  return {
    title: { ms: `Saringan percuma ${tag}`, en: `Free screening ${tag}` },
    body: { ms: 'Saringan COVID-19 percuma di dewan orang ramai, Sabtu ini.', en: 'Free COVID-19 screening at the community hall this Saturday.' },
    target,
  };
}

/** A signed-in user whose own person lives in `district`: through the public entry, or the one `make` creates. */
async function resident<C extends SejahteraClient = SejahteraClient>(district: string, make: () => C = sdk as () => C) {
  const user = await signedIn(make);
  const person = await user.client.profile.register({ full_name: 'Resident', district_code: district, preferred_language: 'en' });
  return { ...user, person };
}

describe('announcements', () => {
  it('an officer writes a draft, changes it and publishes it; its audience reads it and finds it in the inbox, once', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const inDistrict = await resident(HULU_LANGAT);
    const elsewhere = await resident('MY-01-02');
    // A guardian in Johor whose dependent lives in Hulu Langat is in the audience through the dependent.
    const guardian = await resident('MY-01-02');
    const { person: child } = await guardian.client.dependents.add({ full_name: 'Anak Hulu Langat', relationship: 'child', district_code: HULU_LANGAT });

    const created = await officer.announcements.create(draft({ kind: 'district', district: 'MY-10-07' }));
    expect(created).toMatchObject({ target: { kind: 'district', district: 'MY-10-07' }, published_at: null });
    expect((await officer.announcements.listOwn({ published: false })).map((a) => a.id)).toContain(created.id);
    // A draft is nobody's to read yet.
    expect((await inDistrict.client.announcements.list()).map((a) => a.id)).not.toContain(created.id);

    const changed = await officer.announcements.update(created.id, {
      title: { ms: 'Saringan percuma Hulu Langat', en: 'Free screening in Hulu Langat', zh: '乌鲁冷岳免费筛检' },
      target: { kind: 'district', district: HULU_LANGAT },
    });
    expect(changed).toMatchObject({ title: { en: 'Free screening in Hulu Langat', zh: '乌鲁冷岳免费筛检' }, target: { kind: 'district', district: HULU_LANGAT } });
    expect(changed.body).toEqual(created.body);

    const published = await officer.announcements.publish(created.id);
    expect(published.published_at).not.toBeNull();
    expect((await officer.announcements.listOwn({ published: true })).map((a) => a.id)).toContain(created.id);
    expect((await officer.announcements.listOwn({ published: false })).map((a) => a.id)).not.toContain(created.id);

    const [seen] = (await inDistrict.client.announcements.list({ language: 'en' })).filter((a) => a.id === created.id);
    expect(seen).toEqual({
      id: created.id,
      language: 'en',
      title: 'Free screening in Hulu Langat',
      body: 'Free COVID-19 screening at the community hall this Saturday.',
      target: { kind: 'district', district: HULU_LANGAT },
      published_at: published.published_at,
    });
    expect((await inDistrict.client.announcements.list({ language: 'zh' })).find((a) => a.id === created.id)).toMatchObject({ language: 'zh', title: '乌鲁冷岳免费筛检' });
    expect((await inDistrict.client.announcements.list({ language: 'ta' })).find((a) => a.id === created.id)).toMatchObject({ language: 'ms', title: 'Saringan percuma Hulu Langat' });
    expect((await guardian.client.announcements.list()).map((a) => a.id)).toContain(created.id);
    expect((await elsewhere.client.announcements.list()).map((a) => a.id)).not.toContain(created.id);

    // In the inbox of each account of the audience, once; the guardian's is about the dependent.
    const inbox = (await inDistrict.client.notifications.inbox({ language: 'en' })).notifications.filter((n) => n.kind === 'announcement');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ title: 'Free screening in Hulu Langat', person_id: inDistrict.person.id, data: { announcement_id: created.id } });
    const guardianInbox = (await guardian.client.notifications.inbox()).notifications.filter((n) => n.kind === 'announcement');
    expect(guardianInbox.map((n) => [n.person_id, n.data.announcement_id])).toEqual([[child.id, created.id]]);
    expect((await elsewhere.client.notifications.inbox()).notifications.filter((n) => n.kind === 'announcement')).toEqual([]);
  });

  it('a published announcement is frozen: publishing again returns it as it is, changing it is ValidationError on published_at', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const created = await officer.announcements.create(draft());
    const published = await officer.announcements.publish(created.id);
    expect(await officer.announcements.publish(created.id)).toEqual(published);
    const change = await officer.announcements.update(created.id, { title: { ms: 'Lain', en: 'Other' } }).catch((e: unknown) => e);
    expect(change).toBeInstanceOf(ValidationError);
    expect((change as ValidationError).fields.published_at?.[0]).toMatch(/can no longer be changed/);
  });

  it('supervisors write for their state and its districts, administrators for anyone', async () => {
    const supervisor = await demoStaff('supervisor@sejahtera.test');
    expect((await supervisor.announcements.create(draft({ kind: 'state', state: 'MY-10' }))).target).toEqual({ kind: 'state', state: 'MY-10' });
    expect((await supervisor.announcements.create(draft({ kind: 'district', district: 'MY-10-04' }))).target.kind).toBe('district');
    await expect(supervisor.announcements.create(draft({ kind: 'state', state: 'MY-01' }))).rejects.toBeInstanceOf(PermissionError);
    await expect(supervisor.announcements.create(draft({ kind: 'everyone' }))).rejects.toBeInstanceOf(PermissionError);

    const admin = await demoStaff('admin@sejahtera.test');
    const everyone = await admin.announcements.create(draft({ kind: 'everyone' }));
    expect(everyone.target).toEqual({ kind: 'everyone' });
    const byStatus = await admin.announcements.update(everyone.id, { target: { kind: 'status', status: 'confirmed' } });
    expect(byStatus.target).toEqual({ kind: 'status', status: 'confirmed' });
  });

  it('staff outside the jurisdiction, the public and anon may not write, change or publish', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const johor = await demoStaff('officer.johor@sejahtera.test');
    const created = await officer.announcements.create(draft());

    await expect(officer.announcements.create(draft({ kind: 'district', district: 'MY-01-02' }))).rejects.toBeInstanceOf(PermissionError);
    await expect(officer.announcements.create(draft({ kind: 'everyone' }))).rejects.toBeInstanceOf(PermissionError);
    await expect(officer.announcements.update(created.id, { target: { kind: 'district', district: 'MY-01-02' } })).rejects.toBeInstanceOf(PermissionError);
    // The officer in Johor cannot see the Selangor draft at all.
    await expect(johor.announcements.update(created.id, { title: { ms: 'Diubah', en: 'Changed' } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(johor.announcements.publish(created.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await johor.announcements.listOwn()).map((a) => a.id)).not.toContain(created.id);

    const analyst = await demoStaff('analyst@sejahtera.test');
    await expect(analyst.announcements.create(draft())).rejects.toBeInstanceOf(PermissionError);
    const user = await resident(HULU_LANGAT, staffSdk);
    await expect(user.client.announcements.create(draft())).rejects.toBeInstanceOf(PermissionError);
    await expect(user.client.announcements.publish(created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(user.client.announcements.update(created.id, { title: { ms: 'Diubah', en: 'Changed' } })).rejects.toBeInstanceOf(NotFoundError);
    expect(await user.client.announcements.listOwn()).toEqual([]);
    // Still the officer's unpublished draft, unchanged.
    const [still] = (await officer.announcements.listOwn({ published: false })).filter((a) => a.id === created.id);
    expect(still).toEqual(created);

    await expect(sdk().announcements.list()).rejects.toBeInstanceOf(AuthError);
    const anon = staffSdk();
    await expect(anon.announcements.create(draft())).rejects.toMatchObject({ code: 'not_signed_in' });
    await expect(anon.announcements.publish(created.id)).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('audience: about how many people an audience is now (exact while small), for those who may write to it', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const before = await officer.announcements.audience({ kind: 'district', district: HULU_LANGAT });
    await resident(HULU_LANGAT);
    expect(await officer.announcements.audience({ kind: 'district', district: HULU_LANGAT })).toBe(before + 1);

    await expect(officer.announcements.audience({ kind: 'district', district: 'MY-01-02' })).rejects.toBeInstanceOf(PermissionError);
    await expect(officer.announcements.audience({ kind: 'everyone' })).rejects.toBeInstanceOf(PermissionError);
    const admin = await demoStaff('admin@sejahtera.test');
    expect(await admin.announcements.audience({ kind: 'everyone' })).toBeGreaterThan(before);
    await expect(admin.announcements.audience({ kind: 'state', state: 'Selangor' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(staffSdk().announcements.audience({ kind: 'everyone' })).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('translations and targets are checked before any request', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const error = await officer.announcements
      .create({
        // @ts-expect-error: English is required
        title: { ms: 'Tajuk' },
        // @ts-expect-error: French is not a language of the database
        body: { ms: 'Isi', en: 'Body', fr: 'Corps' },
        target: { kind: 'district', district: 'Petaling' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['body', 'target.district', 'title.en']);
    await expect(officer.announcements.create({ ...draft(), title: { ms: '  ', en: 'x'.repeat(201) } })).rejects.toMatchObject({
      fields: { 'title.ms': ['must not be blank'], 'title.en': ['must have at most 200 characters'] },
    });
    await expect(officer.announcements.update('not-an-id', { title: { ms: 'a', en: 'b' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(officer.announcements.update(newIdempotencyKey(), {})).rejects.toMatchObject({ fields: { _: ['give at least one of title, body, target'] } });
  });

  it('an idempotency key makes a retried create write one draft; a key reused for another is ConflictError', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const idempotencyKey = newIdempotencyKey();
    const input = draft();
    const first = await officer.announcements.create(input, { idempotencyKey });
    const again = await officer.announcements.create(input, { idempotencyKey });
    expect(again).toEqual(first);
    expect(first.id).toBe(idempotencyKey);
    const other = await officer.announcements.create(draft(), { idempotencyKey }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other).toMatchObject({ field: 'idempotencyKey' });
    await expect(officer.announcements.create(input, { idempotencyKey: 'not-a-uuid' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('get: one published announcement its audience may see, in their language; a draft, another audience\'s or an unknown id is NotFoundError', async () => {
    const officer = await demoStaff('officer@sejahtera.test');
    const reader = await resident(HULU_LANGAT);
    const elsewhere = await resident('MY-01-02');
    const shown = await officer.announcements.create(draft());
    const published = await officer.announcements.publish(shown.id);
    const [listed] = (await reader.client.announcements.list({ language: 'en' })).filter((a) => a.id === shown.id);
    expect(await reader.client.announcements.get(shown.id, { language: 'en' })).toEqual(listed);
    expect(await reader.client.announcements.get(shown.id, { language: 'ta' })).toMatchObject({ language: 'ms', title: shown.title.ms, published_at: published.published_at });

    const unpublished = await officer.announcements.create(draft());
    await expect(reader.client.announcements.get(unpublished.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(elsewhere.client.announcements.get(shown.id)).rejects.toMatchObject({ name: 'NotFoundError', details: { announcement_id: shown.id } });
    await expect(reader.client.announcements.get(newIdempotencyKey())).rejects.toBeInstanceOf(NotFoundError);
    await expect(reader.client.announcements.get('42')).rejects.toBeInstanceOf(ValidationError);
    await expect(sdk().announcements.get(shown.id)).rejects.toBeInstanceOf(AuthError);
  });
});
