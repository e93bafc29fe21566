import { m } from '$lib/paraglide/messages';

/**
 * An interpreter language as staff read it: the language's own name in the page's language (Intl, from the ISO 639
 * code), or "another language" for 'other'. The CSV file asks for Danish whatever the page language.
 */
export function interpreterLabel(choice: string, locale: 'da' | 'en'): string {
	if (choice === 'other') return m.citizen_interpreter_other({}, { locale });
	return new Intl.DisplayNames([locale === 'da' ? 'da-DK' : 'en-GB'], { type: 'language' }).of(choice) ?? choice;
}
