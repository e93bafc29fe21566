import { shownText, type Shown } from '$lib/domain/suppression';

/**
 * CSV as Danish spreadsheets open it without an import dialog (issue 5): UTF-8 with a byte order mark (so Excel
 * reads æøå), ';' between fields (',' is the decimal comma), CRLF line ends (RFC 4180).
 */

export type CsvField = string | number | Shown | null;

function field(value: CsvField): string {
	const text = value === null ? '' : typeof value === 'object' ? shownText(value) : String(value);
	// A leading = + - @ would make a spreadsheet run the field as a formula (OWASP "CSV injection").
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvField[])[]): string {
	return '\uFEFF' + [header, ...rows].map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
}

/** The download itself: never cached (staff data), saved under the given name. */
export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}
