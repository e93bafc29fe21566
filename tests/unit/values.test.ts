import { describe, it, expect } from 'vitest';
import { SLUG, WALL_TIME, known } from '$lib/domain/values';
import { wallMinutes } from '$lib/domain/hours';
import { wallSchema } from '$lib/server/catalogue/config/schema';

/** Each rule about a value's form is written once (issue 10, point 7); these check that its users agree. */
describe('one rule per value form', () => {
	const walls = ['00:00', '09:00', '9:00', '23:59', '24:00', '12:60', '25:00', '0900', ' 09:00', '09:00 '];

	it('a wall time is "HH:MM", 00:00–23:59: the config schema and wallMinutes accept the same ones', () => {
		for (const wall of walls) {
			const configured = wallSchema.safeParse(wall).success;
			expect(configured, wall).toBe(WALL_TIME.test(wall));
			const computed = (() => {
				try {
					wallMinutes(wall);
					return true;
				} catch {
					return false;
				}
			})();
			// '24:00' only ever closes a day inside the domain; no one can type or configure it.
			expect(computed, wall).toBe(configured || wall === '24:00');
		}
	});

	it('a slug is lower-case a–z, 0–9 and single hyphens, at most 100 characters', () => {
		expect(SLUG.test('gladsaxe-rusmiddelcenter')).toBe(true);
		for (const bad of ['', 'Gladsaxe', 'a--b', '-a', 'a-', 'a b', 'a'.repeat(101), "x'; drop"])
			expect(SLUG.test(bad), bad).toBe(false);
		expect(SLUG.test('a'.repeat(100))).toBe(true);
	});

	it('a NULL from the database is "not known", never a value (DOMAIN.md)', () => {
		expect(known(null)).toEqual({ known: false });
		expect(known('')).toEqual({ known: true, value: '' });
	});
});
