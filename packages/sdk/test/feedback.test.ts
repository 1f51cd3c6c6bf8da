/** sejahtera.feedback: tickets opened through open_feedback_ticket, conversations, and the call centre's side (the staff entry's StaffFeedback). */
import { describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, PermissionError, ValidationError, newIdempotencyKey } from '../src/index.ts';
import { demoStaff, registered, sdk, signedIn, staffSdk } from './support.ts';

describe('feedback', () => {
  it('a user opens a ticket, an agent answers it, and the user is told in the inbox and replies', async () => {
    const { client, userId } = await registered('Feedback Sender');
    const ticket = await client.feedback.open({ category: 'question', message: 'How do I register my mother as a dependent?\nShe has no phone.' });
    expect(ticket).toMatchObject({ account_id: userId, category: 'question', subject: 'How do I register my mother as a dependent?', status: 'open', closed_at: null });

    const [mine] = await client.feedback.list();
    expect(mine).toMatchObject({ id: ticket.id, status: 'open', message_count: 1, sender_name: 'Feedback Sender' });

    const agent = await demoStaff('agent@sejahtera.test');
    const waiting = await agent.feedback.queue({ since: ticket.created_at });
    const queued = waiting.find((t) => t.id === ticket.id);
    expect(queued).toMatchObject({ status: 'open', sender_name: 'Feedback Sender', message_count: 1 });
    expect(waiting.map((t) => t.status).every((s) => s === 'open')).toBe(true);

    const answer = await agent.feedback.reply(ticket.id, { message: 'Open Profile > Dependents > Add a dependent.' });
    expect(answer).toMatchObject({ ticket_id: ticket.id, from_staff: true });

    // The database marked the ticket answered and told the sender.
    expect((await client.feedback.list())[0]).toMatchObject({ id: ticket.id, status: 'answered', message_count: 2 });
    const told = (await client.notifications.inbox({ language: 'en' })).notifications.filter((n) => n.kind === 'feedback_reply');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      title: 'Your feedback has a reply',
      body: 'Reply to: How do I register my mother as a dependent?',
      data: { ticket_id: ticket.id, message_id: answer.id },
    });

    const followUp = await client.feedback.reply(ticket.id, { message: 'Thank you, that worked.' });
    expect(followUp.from_staff).toBe(false);
    const { ticket: now, messages } = await client.feedback.get(ticket.id);
    expect(now.status).toBe('open');
    expect(messages.map((m) => [m.from_staff, m.body])).toEqual([
      [false, 'How do I register my mother as a dependent?\nShe has no phone.'],
      [true, 'Open Profile > Dependents > Add a dependent.'],
      [false, 'Thank you, that worked.'],
    ]);
    expect((await agent.feedback.get(ticket.id)).messages).toHaveLength(3);
  });

  it('agents set any status; the sender may only close, and a closed ticket takes no more messages', async () => {
    const { client } = await registered();
    const ticket = await client.feedback.open({ category: 'problem', subject: 'Cannot submit', message: 'The form does not send.' });
    const agent = await demoStaff('agent@sejahtera.test');
    expect((await agent.feedback.setStatus(ticket.id, 'answered')).status).toBe('answered');
    expect((await agent.feedback.queue({ status: 'answered', since: ticket.created_at })).map((t) => t.id)).toContain(ticket.id);

    await expect(client.feedback.setStatus(ticket.id, 'open')).rejects.toBeInstanceOf(PermissionError);
    const closed = await client.feedback.setStatus(ticket.id, 'closed');
    expect(closed.status).toBe('closed');
    expect(closed.closed_at).not.toBeNull();
    const late = await client.feedback.reply(ticket.id, { message: 'One more thing' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ValidationError);
    expect((late as ValidationError).fields.ticket_id?.[0]).toMatch(/closed/);
    // An agent can reopen it.
    expect((await agent.feedback.setStatus(ticket.id, 'open')).closed_at).toBeNull();
  });

  it('another user, staff other than agents, and anon neither see nor write on someone else\'s ticket', async () => {
    const owner = await registered('Owner');
    const ticket = await owner.client.feedback.open({ category: 'complaint', message: 'Private complaint' });
    const other = await registered('Other', staffSdk);
    const officer = await demoStaff('officer@sejahtera.test');
    for (const client of [other.client, officer]) {
      expect((await client.feedback.list()).map((t) => t.id)).not.toContain(ticket.id);
      expect((await client.feedback.queue({ since: ticket.created_at })).map((t) => t.id)).not.toContain(ticket.id);
      await expect(client.feedback.get(ticket.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(client.feedback.reply(ticket.id, { message: 'Intruding' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(client.feedback.setStatus(ticket.id, 'closed')).rejects.toBeInstanceOf(NotFoundError);
    }
    const { ticket: unchanged, messages } = await owner.client.feedback.get(ticket.id);
    expect(unchanged.status).toBe('open');
    expect(messages).toHaveLength(1);

    const anon = sdk();
    await expect(anon.feedback.open({ category: 'other', message: 'Anonymous' })).rejects.toBeInstanceOf(AuthError);
    await expect(anon.feedback.list()).rejects.toMatchObject({ code: 'not_signed_in' });
    await expect(staffSdk().feedback.queue()).rejects.toMatchObject({ code: 'not_signed_in' });
    await expect(anon.feedback.get(ticket.id)).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('a user without a profile may send feedback; the agent sees no name for them', async () => {
    const { client } = await signedIn();
    const ticket = await client.feedback.open({ category: 'suggestion', message: 'Add Tamil, please.' });
    const agent = await demoStaff('agent@sejahtera.test');
    const queued = (await agent.feedback.queue({ since: ticket.created_at })).find((t) => t.id === ticket.id);
    expect(queued).toMatchObject({ sender_name: null, message_count: 1 });
  });

  it('bad input is ValidationError per field', async () => {
    const { client } = await signedIn();
    const error = await client.feedback
      // @ts-expect-error: not a category of the call centre
      .open({ category: 'praise', subject: ' ', message: '   ' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['category', 'message', 'subject']);
    await expect(client.feedback.reply('not-an-id', { message: 'x' })).rejects.toMatchObject({ fields: { _: ['must be an id (a uuid)'] } });
    await expect(client.feedback.reply(newIdempotencyKey(), { message: 'x'.repeat(5001) })).rejects.toMatchObject({
      fields: { message: ['must have at most 5000 characters'] },
    });
    // @ts-expect-error: not a status
    await expect(client.feedback.setStatus(newIdempotencyKey(), 'pending')).rejects.toBeInstanceOf(ValidationError);
    await expect(staffSdk().feedback.queue({ status: [], since: 'yesterday' })).rejects.toMatchObject({
      fields: { status: ['must name a status'], since: ['must be a time (ISO 8601)'] },
    });
  });

  it('a reply with an idempotency key is written once however often it is sent', async () => {
    const { client } = await registered();
    const ticket = await client.feedback.open({ category: 'question', message: 'First' });
    const idempotencyKey = newIdempotencyKey();
    const first = await client.feedback.reply(ticket.id, { message: 'Second' }, { idempotencyKey });
    expect(await client.feedback.reply(ticket.id, { message: 'Second' }, { idempotencyKey })).toEqual(first);
    await expect(client.feedback.reply(ticket.id, { message: 'Different' }, { idempotencyKey })).rejects.toBeInstanceOf(ConflictError);
    expect((await client.feedback.get(ticket.id)).messages.map((m) => m.body)).toEqual(['First', 'Second']);
  });

  it('open with an idempotency key opens one ticket however often (and however concurrently) it is sent; another user\'s key is ConflictError', async () => {
    const { client } = await registered();
    const idempotencyKey = newIdempotencyKey();
    const input = { category: 'question', message: 'Is the clinic open on Sunday?' } as const;
    const [first, concurrent] = await Promise.all([client.feedback.open(input, { idempotencyKey }), client.feedback.open(input, { idempotencyKey })]);
    expect(first.id).toBe(idempotencyKey);
    expect(concurrent).toEqual(first);
    expect(await client.feedback.open(input, { idempotencyKey })).toEqual(first);
    const mine = await client.feedback.list();
    expect(mine.map((t) => [t.id, t.message_count])).toEqual([[idempotencyKey, 1]]);
    // The same key for a different ticket is refused, and changes nothing.
    await expect(client.feedback.open({ category: 'complaint', message: 'Something else' }, { idempotencyKey })).rejects.toBeInstanceOf(ConflictError);
    // Another user's key (their ticket's id) opens nothing of theirs and tells nothing about it.
    const other = await registered();
    await expect(other.client.feedback.open(input, { idempotencyKey })).rejects.toBeInstanceOf(ConflictError);
    expect(await other.client.feedback.list()).toEqual([]);
    expect((await client.feedback.get(idempotencyKey)).messages.map((m) => m.body)).toEqual(['Is the clinic open on Sunday?']);
    await expect(client.feedback.open(input, { idempotencyKey: 'not-a-uuid' })).rejects.toMatchObject({ name: 'ValidationError', issues: [{ field: 'idempotencyKey' }] });
  });
});
