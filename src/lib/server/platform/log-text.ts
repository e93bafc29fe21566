/**
 * Error messages quote what they choke on ('Invalid redirect location "/€x"', a driver's 'invalid input syntax
 * for type uuid: "…"'), and that can be a request's data: a code, an answer, an address. The log keeps the
 * sentence, not the quoted part (DOMAIN.md: nothing personal in a log).
 */
export function withoutQuotedText(message: string): string {
	return message.replace(/"[^"]*"|'[^']*'|«[^»]*»|“[^”]*”/g, '"…"').slice(0, 300);
}
