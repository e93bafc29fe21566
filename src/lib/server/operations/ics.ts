/**
 * A minimal iCalendar file (RFC 5545) for a code holder's booked times. The title is deliberately neutral
 * ("Aftale" / "Appointment"): a calendar is often synced, shared or glanced at by others, so nothing in it
 * may say drugs, alcohol or treatment — not even the place's name, only its street address when known.
 * No code goes into the file either; the person keeps the code apart from the calendar.
 */

export interface CalendarEvent {
	/** Random, stable per booking, so re-importing updates rather than duplicates. */
	uid: string;
	startsAt: Date;
	endsAt: Date;
	/** A street address, never a place name that reveals what the appointment is about. */
	location: string | null;
}

/** UTC form (`20261130T080000Z`): no time-zone block needed, and every calendar shows it in local time. */
function utc(date: Date): string {
	return date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break as `\n`. A line break
 * is CRLF, a bare CR or a bare LF, and the Unicode separators some readers honour: many parsers end a content
 * line at any of them, so one left raw in a staff-typed address would start a property of its own (an ATTENDEE,
 * an alarm). Other control characters are not allowed in TEXT (§3.1 CONTROL) and are dropped; a tab may stay.
 */
function text(value: string): string {
	return (
		value
			.replace(/\\/g, '\\\\')
			.replace(/;/g, '\\;')
			.replace(/,/g, '\\,')
			.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, '\\n')
			// eslint-disable-next-line no-control-regex -- removing control characters is the point
			.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
	);
}

const encoder = new TextEncoder();

/**
 * Content lines longer than 75 octets are folded with CRLF + space (§3.1); the space counts towards the next
 * line's 75. Folding goes by code point, so a multi-octet UTF-8 character (æ, ø, å, an emoji) is never split.
 */
function fold(line: string): string {
	if (encoder.encode(line).length <= 75) return line;
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const n = encoder.encode(char).length;
		if (size + n > (parts.length === 0 ? 75 : 74)) {
			parts.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += n;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

export function calendarFile(events: CalendarEvent[], title: string, now = new Date()): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//anonym-booking//da',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH'
	];
	for (const event of events) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${event.uid}@anonym-booking`,
			`DTSTAMP:${utc(now)}`,
			`DTSTART:${utc(event.startsAt)}`,
			`DTEND:${utc(event.endsAt)}`,
			`SUMMARY:${text(title)}`
		);
		if (event.location) lines.push(`LOCATION:${text(event.location)}`);
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}
