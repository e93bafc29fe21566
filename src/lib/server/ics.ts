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
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11). */
function text(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded with CRLF + space (§3.1); our lines are ASCII except addresses. */
function fold(line: string): string {
	const bytes = new TextEncoder().encode(line);
	if (bytes.length <= 75) return line;
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const n = new TextEncoder().encode(char).length;
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
	const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//anonym-booking//da', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
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
