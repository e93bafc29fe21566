import { describe, expect, test } from 'vitest';
import type { MunicipalityConfig, Offer, ProvenanceTag } from '$lib/domain/model';
import { loadConfig, municipalityFiles, assertConfig } from '$lib/server/catalogue/config';

/**
 * Issue 11, "Done when": each municipality file says, per value, whether it comes from a document (which of
 * 000–004) or is a declared default. Offers carry `provenance` per value key; the files carry it per value outside
 * the offers. A phase's placeholder numbers are listed in `assumed`, so a phases entry without 'default' has none.
 */

const { configs } = loadConfig();
const short = (seed: string) => seed.slice(0, 3) as ProvenanceTag;
const OFFER_META = new Set(['slug', 'municipality', 'sources', 'notes', 'provenance']);

const valueKeys = (o: Offer) =>
	Object.keys(o).filter((k) => !OFFER_META.has(k) && (o as unknown as Record<string, unknown>)[k] !== undefined);
function fileValueKeys(c: MunicipalityConfig): string[] {
	const keys = ['municipality.name', 'municipality.phone', 'municipality.retentionMonths'];
	// Optional settings name their provenance where a file sets them (a declared default is marked "default").
	for (const k of ['interpreterNoticeWorkingDays', 'waitlistHoldHours'] as const)
		if (c.municipality[k] !== undefined) keys.push(`municipality.${k}`);
	if (c.closedDays) keys.push('closedDays');
	if (c.lawGaps) keys.push('lawGaps');
	for (const p of c.places)
		keys.push(...['name', 'address', 'phone', 'outsideHoursByAgreement'].map((k) => `places.${p.slug}.${k}`));
	return keys;
}

describe('provenance: every configured value names its document or is a declared default (000–004)', () => {
	test('every offer value has a provenance, and nothing else has one', () => {
		for (const o of configs.flatMap((c) => c.offers)) {
			expect({ slug: o.slug, keys: Object.keys(o.provenance ?? {}).sort() }).toEqual({
				slug: o.slug,
				keys: valueKeys(o).sort()
			});
		}
	});

	test("an offer value's documents are among the offer's sources (a value cannot cite a seed the offer does not)", () => {
		for (const o of configs.flatMap((c) => c.offers)) {
			const allowed = new Set<ProvenanceTag>([...o.sources.map(short), 'default']);
			for (const [key, tags] of Object.entries(o.provenance ?? {})) {
				expect({ slug: o.slug, key, stray: tags.filter((t) => !allowed.has(t)) }).toEqual({
					slug: o.slug,
					key,
					stray: []
				});
			}
		}
	});

	test("phases are marked 'default' exactly when a phase has placeholder numbers (phase.assumed)", () => {
		for (const o of configs.flatMap((c) => c.offers)) {
			const assumed = o.phases.some((p) => (p.assumed?.length ?? 0) > 0);
			expect({ slug: o.slug, default: o.provenance?.phases?.includes('default') ?? false }).toEqual({
				slug: o.slug,
				default: assumed
			});
		}
	});

	test('every value of each file outside the offers (municipality, places, closed days, declared gaps) has a provenance', () => {
		for (const c of configs) {
			expect({ file: c.municipality.slug, keys: Object.keys(c.provenance ?? {}).sort() }).toEqual({
				file: c.municipality.slug,
				keys: fileValueKeys(c).sort()
			});
		}
	});

	test("declared defaults the issue names are marked so: retention, closed days (DOMAIN.md), København's §101a bound (004 gives none), the parent-course minimum (001 gives none)", () => {
		for (const c of configs) {
			expect(c.provenance?.['municipality.retentionMonths']).toEqual(['default']);
			expect(c.provenance?.closedDays).toEqual(['default']);
		}
		const offer = (slug: string) => configs.flatMap((c) => c.offers).find((o) => o.slug === slug)!;
		expect(offer('kobenhavn-anonym-stofbehandling').phases.find((p) => p.kind === 'course')!.assumed).toContain('max');
		expect(offer('gladsaxe-foraeldrekursus').phases[0]!.assumed).toContain('minParticipants');
		expect(offer('gladsaxe-anonym-alkoholbehandling').provenance?.cadence).toEqual(['000', 'default']);
	});

	test('the schema refuses a provenance tag that is neither a seed number nor "default"', () => {
		const gladsaxe = structuredClone(municipalityFiles.gladsaxe) as {
			offers: { provenance: Record<string, string[]> }[];
		};
		gladsaxe.offers[0]!.provenance.title = ['005'];
		expect(() => assertConfig({ ...municipalityFiles, gladsaxe })).toThrow(/provenance/);
	});
});
