import { z } from 'zod';
import { copenhagenDate } from '$lib/domain/hours';

const Filter = z.object({
	view: z.enum(['day', 'week']).catch('week'),
	date: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/)
		.refine((d) => !Number.isNaN(Date.parse(d)))
		.optional(),
	place: z.string().max(100).default(''),
	counsellor: z.string().max(40).default(''),
	/** The day view's columns: one per counsellor (the default) or one per place ("room"). */
	by: z.enum(['counsellor', 'place']).catch('counsellor')
});

export type CalendarFilter = {
	view: 'day' | 'week';
	date: string;
	place: string;
	counsellor: string;
	by: 'counsellor' | 'place';
};

/** The calendar's query string; null when it is not one (→ 404, like any unknown address). */
export function calendarFilter(url: URL, now: Date): CalendarFilter | null {
	const parsed = Filter.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return null;
	return { ...parsed.data, date: parsed.data.date ?? copenhagenDate(now) };
}
