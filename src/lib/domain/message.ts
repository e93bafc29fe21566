/**
 * A message thread on the code (issue 15): what a message may hold. Plain, short text and nothing else: no
 * attachments, no markup (it is shown as text, never as HTML), no link previews.
 */

export const MESSAGE_SENDERS = ['centre', 'person'] as const;
export type MessageSender = (typeof MESSAGE_SENDERS)[number];

/**
 * Notices the portal writes itself when the centre cancels, or a seat on a waiting list is offered or its hold runs
 * out; stored as a kind, worded in the reader's language.
 */
export const MESSAGE_NOTICES = [
	'slot_cancelled',
	'course_ended',
	'waitlist_offer',
	'waitlist_expired',
	'waitlist_closed'
] as const;
export type MessageNotice = (typeof MESSAGE_NOTICES)[number];

/**
 * A declared default, not from the sources: about a screen of text on a phone. A question, an answer, "please
 * call us"; the same limit stands in the database (migrations/077, anon.message's check).
 */
export const MESSAGE_MAX_LENGTH = 1000;

/**
 * The text as it is stored: line breaks made one kind, other control characters (which no keyboard types, and
 * which could hide text in a terminal or a CSV) dropped, blank lines at the ends trimmed. Empty means nothing
 * to send.
 */
export function plainMessageText(raw: string): string {
	return (
		raw
			.replace(/\r\n?/g, '\n')
			// eslint-disable-next-line no-control-regex -- removing control characters is the point
			.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '')
			.replace(/\n{3,}/g, '\n\n')
			.trim()
	);
}
