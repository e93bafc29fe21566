import type { Sql, Tx } from '../platform/db';
import type { AgeBand } from '$lib/domain/model';
import { MESSAGE_MAX_LENGTH, plainMessageText, type MessageNotice, type MessageSender } from '$lib/domain/message';
import { audit } from '../operations/audit';
import { consume, refund, type Bucket } from '../auth/rate-limit';
import { insertCode, prepareCode } from './codes';
import { slotVisibleTo, isUuid, type Staff } from '../staff/staff';
import type { MessageView } from '$lib/views/citizen';
import type { ThreadSummary } from '$lib/views/staff';
export type { MessageView } from '$lib/views/citizen';
export type { ThreadSummary } from '$lib/views/staff';

/**
 * A message thread on the code (issue 15): the one writer of anon.message. Each code has one thread with its
 * centre; staff see it by alias, under the same tenancy as the calendar. The text is the most sensitive data
 * in the system: it is never logged, never put in an audit row (the audit says only that staff wrote to an
 * alias), never searched, never counted, and it goes with the code at retention (on delete cascade).
 */

/**
 * A declared default, not from the sources: a person writes a few messages a day at most. Each message is a row
 * kept with the code for months; a script writing in a loop would fill a counsellor's list. Per code.
 */
export const CODE_MESSAGES_PER_DAY: Bucket = { name: 'code-messages', max: 10, refillPerSecond: 10 / 86_400 };

export type WriteRefusal = 'empty' | 'too_long' | 'slow_down' | 'not_found';
export type WriteResult = { ok: true } | { ok: false; reason: WriteRefusal };

/** The text to store, or why not. */
function checked(raw: string): { ok: true; body: string } | { ok: false; reason: 'empty' | 'too_long' } {
	const body = plainMessageText(raw);
	if (body.length === 0) return { ok: false, reason: 'empty' };
	if (body.length > MESSAGE_MAX_LENGTH) return { ok: false, reason: 'too_long' };
	return { ok: true, body };
}

/**
 * Appends to a thread inside the caller's transaction. The number inside a thread is taken under a lock of that
 * thread alone (a transaction-scoped advisory lock), taken after every other lock of a booking write and in code
 * order, so it adds no deadlock to the booking module's lock order.
 */
async function append(
	tx: Tx,
	codeId: string,
	sender: MessageSender,
	message: { body: string } | { notice: MessageNotice; startsAt: Date | null }
) {
	await tx`select pg_advisory_xact_lock(hashtextextended(${'anon.message:' + codeId}, 0))`;
	const body = 'body' in message ? message.body : null;
	const notice = 'notice' in message ? message.notice : null;
	const startsAt = 'notice' in message ? message.startsAt : null;
	await tx`
		insert into anon.message (code_id, n, sender, body, notice, notice_starts_at)
		select ${codeId}, coalesce(max(n), 0) + 1, ${sender}, ${body}, ${notice}, ${startsAt}
		from anon.message where code_id = ${codeId}`;
}

/**
 * The centre cancelled: a notice to each code affected, written by bookings.ts inside the cancelling transaction,
 * so a cancellation never commits without its message. It holds no words: it is shown in the reader's language.
 */
export async function appendNotices(
	tx: Tx,
	codeIds: readonly string[],
	notice: MessageNotice,
	startsAt: Date | null
): Promise<void> {
	for (const codeId of [...new Set(codeIds)].sort()) await append(tx, codeId, 'centre', { notice, startsAt });
}

/** The person writes to the centre (rate-limited per code; a refused write spends nothing). */
export async function writeAsPerson(sql: Sql, codeId: string, raw: string): Promise<WriteResult> {
	const text = checked(raw);
	if (!text.ok) return text;
	if (!(await consume(sql, CODE_MESSAGES_PER_DAY, codeId))) return { ok: false, reason: 'slow_down' };
	try {
		await sql.begin(async (tx) => {
			// The code's row before the thread's lock: the order a booking write takes them in (code, …, thread).
			await tx`update anon.code set last_activity_at = now() where id = ${codeId}`;
			await append(tx as unknown as Tx, codeId, 'person', { body: text.body });
		});
	} catch (e) {
		await refund(sql, CODE_MESSAGES_PER_DAY, codeId);
		throw e;
	}
	return { ok: true };
}

/**
 * A question before any booking (SEL §101a stk. 3: contact the municipality anonymously via its website): a fresh
 * code is issued for it, with the question as its thread's first message, in one transaction. The caller applies
 * the first-booking rate limits, as every new code does.
 */
export async function askWithNewCode(
	sql: Sql,
	input: { offerSlug: string; ageBand: AgeBand | null },
	raw: string
): Promise<{ ok: true; display: string; codeId: string } | { ok: false; reason: 'empty' | 'too_long' }> {
	const text = checked(raw);
	if (!text.ok) return text;
	let prepared = await prepareCode();
	const codeId = await sql.begin(async (tx) => {
		const inserted = await insertCode(tx as unknown as Tx, prepared, input.offerSlug, input.ageBand);
		prepared = inserted.prepared;
		await append(tx as unknown as Tx, inserted.id, 'person', { body: text.body });
		return inserted.id;
	});
	return { ok: true, display: prepared.display, codeId };
}

const MESSAGE_COLUMNS = (sql: Sql | Tx) =>
	sql`m.n, m.sender, m.body, m.notice, m.notice_starts_at, m.created_at, m.read`;

/**
 * The person's thread, unread messages first, then the rest newest first. Reading it marks the centre's messages
 * read; the returned rows still say which were new this time.
 */
export async function threadForPerson(sql: Sql, codeId: string): Promise<MessageView[]> {
	const messages = await sql<MessageView[]>`
		select ${MESSAGE_COLUMNS(sql)} from anon.message m where m.code_id = ${codeId}
		order by (m.sender = 'centre' and not m.read) desc, m.n desc`;
	if (messages.some((m) => m.sender === 'centre' && !m.read)) {
		await sql`update anon.message set read = true where code_id = ${codeId} and sender = 'centre' and not read`;
	}
	return messages;
}

/** How many of the centre's messages the person has not read yet. */
export async function unreadByPerson(sql: Sql, codeId: string): Promise<number> {
	const [row] = await sql<{ count: number }[]>`
		select count(*)::int as count from anon.message where code_id = ${codeId} and sender = 'centre' and not read`;
	return row?.count ?? 0;
}

/**
 * The one tenancy rule for threads, as a SQL condition over `anon.code c` and its `portal.offer o`: the
 * municipality's own staff see its codes' threads; anyone sees the thread of a code booked at a time they may see
 * (slotVisibleTo), so a partner (Brydehuset) sees only the people booked at its own places, and there only for the
 * offers it reaches (staff.ts `reachesAtPlace`: its own municipality's offers, or every offer at its own municipality's
 * place).
 */
function threadVisibleTo(sql: Sql | Tx, viewer: Staff) {
	return sql`(
		(${viewer.role !== 'partner'} and o.municipality_slug = ${viewer.municipalitySlug})
		or exists (
			select 1 from anon.booking b join anon.slot s on s.id = b.slot_id join portal.place p on p.slug = s.place_slug
			where b.code_id = c.id and ${slotVisibleTo(sql, viewer)}))`;
}

/** Threads the viewer may see, those waiting for an answer first, then the most recent. */
export async function threadsFor(sql: Sql, viewer: Staff): Promise<ThreadSummary[]> {
	return sql<ThreadSummary[]>`
		select c.id as code_id, c.alias, o.config->'title' as offer_title, last.created_at as last_day,
			last.sender = 'person' as waiting,
			(select count(*)::int from anon.message u where u.code_id = c.id and u.sender = 'person' and not u.read) as unread
		from anon.code c
			join portal.offer o on o.slug = c.offer_slug
			join lateral (select sender, created_at from anon.message m where m.code_id = c.id order by n desc limit 1) last on true
		where ${threadVisibleTo(sql, viewer)}
		order by last.sender = 'person' desc, last.created_at desc, c.alias
		limit 500`;
}

/** Threads waiting for the centre's answer, for the count in the staff navigation. */
export async function waitingThreadCount(sql: Sql, viewer: Staff): Promise<number> {
	const [row] = await sql<{ count: number }[]>`
		select count(*)::int as count
		from anon.code c
			join portal.offer o on o.slug = c.offer_slug
			join lateral (select sender from anon.message m where m.code_id = c.id order by n desc limit 1) last on true
		where last.sender = 'person' and ${threadVisibleTo(sql, viewer)}`;
	return row?.count ?? 0;
}

/** Whether the viewer may see this code's thread at all (a look-up before anything else: 404 otherwise). */
export async function mayOpenThread(sql: Sql, viewer: Staff, codeId: string): Promise<boolean> {
	if (!isUuid(codeId)) return false;
	const [row] = await sql`
		select 1 from anon.code c join portal.offer o on o.slug = c.offer_slug
		where c.id = ${codeId} and ${threadVisibleTo(sql, viewer)}`;
	return row !== undefined;
}

export interface StaffThread {
	codeId: string;
	alias: string;
	offerTitle: { da: string; en: string };
	messages: MessageView[];
}

/**
 * One thread as the viewer may see it, oldest first; null (→ 404) for a code that is not theirs. Opening it
 * marks the person's messages read.
 */
export async function threadForStaff(sql: Sql, viewer: Staff, codeId: string): Promise<StaffThread | null> {
	if (!isUuid(codeId)) return null;
	const [code] = await sql<{ codeId: string; alias: string; offerTitle: { da: string; en: string } }[]>`
		select c.id as code_id, c.alias, o.config->'title' as offer_title
		from anon.code c join portal.offer o on o.slug = c.offer_slug
		where c.id = ${codeId} and ${threadVisibleTo(sql, viewer)}`;
	if (!code) return null;
	const messages = await sql<MessageView[]>`
		select ${MESSAGE_COLUMNS(sql)} from anon.message m where m.code_id = ${codeId} order by m.n`;
	if (messages.some((m) => m.sender === 'person' && !m.read)) {
		await sql`update anon.message set read = true where code_id = ${codeId} and sender = 'person' and not read`;
	}
	return { ...code, messages };
}

/**
 * Staff write to a code, by alias. The audit row says who wrote to which alias, never the text
 * (operations/audit.ts: detail holds no typed text).
 */
export async function writeAsStaff(sql: Sql, viewer: Staff, codeId: string, raw: string): Promise<WriteResult> {
	if (!isUuid(codeId)) return { ok: false, reason: 'not_found' };
	const text = checked(raw);
	if (!text.ok) return text;
	const written = await sql.begin(async (tx) => {
		const t = tx as unknown as Tx;
		const [code] = await t<{ alias: string; municipalitySlug: string }[]>`
			select c.alias, o.municipality_slug from anon.code c join portal.offer o on o.slug = c.offer_slug
			where c.id = ${codeId} and ${threadVisibleTo(t, viewer)}`;
		if (!code) return false;
		await append(t, codeId, 'centre', { body: text.body });
		await audit(t, {
			staffId: viewer.id,
			municipalitySlug: code.municipalitySlug,
			action: 'message_sent',
			alias: code.alias
		});
		return true;
	});
	return written ? { ok: true } : { ok: false, reason: 'not_found' };
}
