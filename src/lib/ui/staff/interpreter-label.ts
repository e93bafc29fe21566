import { m } from '$lib/paraglide/messages';

/**
 * An interpreter language as the statistics show it: the language's own name in the page's language (Intl, from the
 * ISO 639 code), or "andre sprog" for the row that gathers the 'other' answers and the languages too rare to name
 * (operations/stats.ts suppressedInterpreterRequests). The CSV file asks for Danish whatever the page language.
 */
export function interpreterLabel(choice: string, locale: 'da' | 'en'): string {
	if (choice === 'other') return m.ops_interpreter_other_languages({}, { locale });
	return new Intl.DisplayNames([locale === 'da' ? 'da-DK' : 'en-GB'], { type: 'language' }).of(choice) ?? choice;
}
