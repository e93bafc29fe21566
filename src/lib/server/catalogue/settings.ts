import type { Sql } from '../platform/db';
import type { Known, Offer, OpeningInterval, Phase, Place } from '$lib/domain/model';
import { lawViolations } from '$lib/domain/routing';
import { hoursSchema, offerSchema, placeSchema } from './config/schema';
import { loadConfig, type LoadedConfig } from './config';
import { places as placesBySlug, writeOffer } from './catalogue';
import { audit } from '../operations/audit';
import { fieldProblem } from '../http/form';
import type { SettingsField, SettingsProblem } from '$lib/views/staff';
import type { z } from 'zod';
import { known, SLUG } from '$lib/domain/values';

/**
 * A coordinator's settings (issue 4, "Roles"): their municipality's places, the opening hours of its offers at
 * each place, and an offer's phases within the law. Tenancy is in the SQL (`municipality_slug` = the coordinator's):
 * anyone else's object is simply not found. The rules are the configuration files' own (config/schema.ts and
 * domain/routing.ts lawViolations), so the database never holds what start-up would refuse. An edited row carries
 * `edited_at`, and the seed at the next start leaves it as edited (migrations/030, seed.ts).
 */

export interface Editor {
	id: string;
	municipalitySlug: string;
}

/** `invalid`: what is wrong, as codes the settings pages word (views/staff.ts SettingsProblem), never zod's English. */
export type Refusal =
	{ ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid'; problems: SettingsProblem[] };
export type EditResult = { ok: true } | Refusal;

/** A declared gap (LawGap): a legal requirement the data does not show met, and why; shown to coordinators. */
export interface DeclaredGap {
	rule: string;
	/** The offer it concerns; null when the municipality has no offer of the law at all. */
	offerTitle: { da: string; en: string } | null;
	reason: string;
	sources: string[];
}

let shipped: LoadedConfig | undefined;
/** The shipped files, parsed once (start-up has already refused them if they break the law). */
function shippedConfig(): LoadedConfig {
	shipped ??= loadConfig();
	return shipped;
}

export interface SettingsOverview {
	lawGaps: DeclaredGap[];
	places: (Place & { edited: boolean })[];
	offers: {
		slug: string;
		title: { da: string; en: string };
		law: string;
		edited: boolean;
		/** Listed by contact only: no phases to edit. */
		contactOnly: boolean;
		/** `partner`: a place of another municipality (SEL §101a stk. 2), the only kind whose staff a delegation concerns. */
		providers: {
			place: string;
			placeName: string;
			partner: boolean;
			hours: Known<OpeningInterval[]>;
			decisionDelegated: boolean;
		}[];
	}[];
}

export async function settingsOverview(sql: Sql, municipalitySlug: string): Promise<SettingsOverview> {
	const places = await sql<
		{
			slug: string;
			name: string;
			address: string | null;
			phone: string | null;
			outsideHoursByAgreement: boolean;
			edited: boolean;
		}[]
	>`
		select slug, name, address, phone, outside_hours_by_agreement, edited_at is not null as edited
		from portal.place where municipality_slug = ${municipalitySlug} order by name`;
	const offers = await sql<{ slug: string; config: Offer; edited: boolean }[]>`
		select slug, config, edited_at is not null as edited from portal.offer where municipality_slug = ${municipalitySlug} order by slug`;
	const providerPlaces = await placesBySlug(
		sql,
		offers.flatMap((o) => o.config.providers.map((p) => p.place))
	);
	const names = new Map(providerPlaces.map((p) => [p.slug, p.name]));
	const owners = new Map(providerPlaces.map((p) => [p.slug, p.municipality]));
	// The municipality's own gaps are in its file only; an offer's are in the offer as the database holds it.
	const municipalityGaps = shippedConfig().configs.find((c) => c.municipality.slug === municipalitySlug)?.lawGaps ?? [];
	return {
		lawGaps: [
			...municipalityGaps.map((g) => ({ rule: g.rule, offerTitle: null, reason: g.reason, sources: g.sources })),
			...offers.flatMap((o) =>
				(o.config.lawGaps ?? []).map((g) => ({
					rule: g.rule,
					offerTitle: o.config.title,
					reason: g.reason,
					sources: g.sources
				}))
			)
		],
		places: places.map((p) => ({
			slug: p.slug,
			municipality: municipalitySlug,
			name: p.name,
			address: known(p.address),
			phone: known(p.phone),
			outsideHoursByAgreement: p.outsideHoursByAgreement,
			edited: p.edited
		})),
		offers: offers.map((o) => ({
			slug: o.slug,
			title: o.config.title,
			law: o.config.law,
			edited: o.edited,
			contactOnly: o.config.contactOnly === true,
			providers: o.config.providers.map((p) => ({
				place: p.place,
				placeName: names.get(p.place) ?? p.place,
				partner: owners.get(p.place) !== municipalitySlug,
				hours: p.hours,
				decisionDelegated: p.decisionDelegated === true
			}))
		}))
	};
}

/** One of the coordinator's own places, or null (another municipality's, or none). */
export async function ownPlace(sql: Sql, municipalitySlug: string, slug: string): Promise<Place | null> {
	if (!SLUG.test(slug)) return null;
	const [row] = await sql<
		{ slug: string; name: string; address: string | null; phone: string | null; outsideHoursByAgreement: boolean }[]
	>`
		select slug, name, address, phone, outside_hours_by_agreement from portal.place
		where slug = ${slug} and municipality_slug = ${municipalitySlug}`;
	if (!row) return null;
	return {
		slug: row.slug,
		municipality: municipalitySlug,
		name: row.name,
		address: known(row.address),
		phone: known(row.phone),
		outsideHoursByAgreement: row.outsideHoursByAgreement
	};
}

export interface PlaceEdit {
	name: string;
	address: string | null;
	phone: string | null;
	outsideHoursByAgreement: boolean;
}

export async function updatePlace(sql: Sql, editor: Editor, slug: string, edit: PlaceEdit): Promise<EditResult> {
	const place = await ownPlace(sql, editor.municipalitySlug, slug);
	if (!place) return { ok: false, reason: 'not_found' };
	const parsed = placeSchema.safeParse({
		...place,
		name: edit.name,
		address: known(edit.address),
		phone: known(edit.phone),
		outsideHoursByAgreement: edit.outsideHoursByAgreement
	});
	if (!parsed.success) return invalid(parsed.error.issues, (path) => placeField(path));
	const p = parsed.data;
	return sql.begin(async (tx) => {
		const result = await tx`
			update portal.place set name = ${p.name}, address = ${p.address.known ? p.address.value : null},
				phone = ${p.phone.known ? p.phone.value : null}, outside_hours_by_agreement = ${p.outsideHoursByAgreement}, edited_at = now()
			where slug = ${slug} and municipality_slug = ${editor.municipalitySlug}`;
		if (result.count !== 1) return { ok: false, reason: 'not_found' } as const;
		await audit(tx, {
			staffId: editor.id,
			municipalitySlug: editor.municipalitySlug,
			action: 'place_updated',
			detail: { place: slug }
		});
		return { ok: true } as const;
	});
}

export interface ProviderHours {
	offerSlug: string;
	offerTitle: { da: string; en: string };
	placeSlug: string;
	placeName: string;
	hours: Known<OpeningInterval[]>;
}

/** The hours of one of the coordinator's own offers at one of its providers (which may be a partner's place). */
export async function ownProviderHours(
	sql: Sql,
	municipalitySlug: string,
	offerSlug: string,
	placeSlug: string
): Promise<ProviderHours | null> {
	if (!SLUG.test(offerSlug) || !SLUG.test(placeSlug)) return null;
	const [row] = await sql<{ title: { da: string; en: string }; placeName: string; hours: OpeningInterval[] | null }[]>`
		select o.config->'title' as title, p.name as place_name, op.hours
		from portal.offer_provider op
			join portal.offer o on o.slug = op.offer_slug
			join portal.place p on p.slug = op.place_slug
		where op.offer_slug = ${offerSlug} and op.place_slug = ${placeSlug} and o.municipality_slug = ${municipalitySlug}`;
	if (!row) return null;
	return { offerSlug, offerTitle: row.title, placeSlug, placeName: row.placeName, hours: known(row.hours) };
}

/** `null`: the hours are not given. writeOffer keeps the provider row (staff slots) and the offer's JSON (citizens) equal. */
export async function updateHours(
	sql: Sql,
	editor: Editor,
	offerSlug: string,
	placeSlug: string,
	hours: readonly unknown[] | null
): Promise<EditResult> {
	const offer = await ownOffer(sql, editor.municipalitySlug, offerSlug);
	if (!offer?.providers.some((p) => p.place === placeSlug)) return { ok: false, reason: 'not_found' };
	let value: Known<OpeningInterval[]> = { known: false };
	if (hours !== null) {
		const parsed = hoursSchema.safeParse(hours);
		if (!parsed.success) return invalid(parsed.error.issues, (path) => hoursField(path, hours));
		value = {
			known: true,
			value: [...parsed.data].sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from))
		};
	}
	const next: Offer = {
		...offer,
		providers: offer.providers.map((p) => (p.place === placeSlug ? { ...p, hours: value } : p))
	};
	return sql.begin(async (tx) => {
		if (!(await writeOffer(tx, next, 'edit'))) return { ok: false, reason: 'not_found' } as const;
		await audit(tx, {
			staffId: editor.id,
			municipalitySlug: editor.municipalitySlug,
			action: 'hours_updated',
			detail: { offer: offerSlug, place: placeSlug, known: value.known }
		});
		return { ok: true } as const;
	});
}

/**
 * SEL §101a stk. 5 (002): the municipality "kan beslutte" that a provider handles the contacts and makes the
 * decision. A coordinator records that decision per provider of one of their own §101a offers; off by default.
 */
export async function updateDelegation(
	sql: Sql,
	editor: Editor,
	offerSlug: string,
	placeSlug: string,
	delegated: boolean
): Promise<EditResult> {
	const offer = await ownOffer(sql, editor.municipalitySlug, offerSlug);
	if (!offer || !offer.providers.some((p) => p.place === placeSlug)) return { ok: false, reason: 'not_found' };
	const parsed = offerSchema.safeParse({
		...offer,
		providers: offer.providers.map((p) => (p.place === placeSlug ? { ...p, decisionDelegated: delegated } : p))
	});
	if (!parsed.success) return invalid(parsed.error.issues, () => ({ field: 'other' }));
	const next = parsed.data;
	return sql.begin(async (tx) => {
		if (!(await writeOffer(tx, next, 'edit'))) return { ok: false, reason: 'not_found' } as const;
		await audit(tx, {
			staffId: editor.id,
			municipalitySlug: editor.municipalitySlug,
			action: 'offer_updated',
			detail: { offer: offerSlug, place: placeSlug, decisionDelegated: delegated }
		});
		return { ok: true } as const;
	});
}

/** One of the coordinator's own offers, as configured. */
export async function ownOffer(sql: Sql, municipalitySlug: string, slug: string): Promise<Offer | null> {
	if (!SLUG.test(slug)) return null;
	const [row] = await sql<
		{ config: Offer }[]
	>`select config from portal.offer where slug = ${slug} and municipality_slug = ${municipalitySlug}`;
	return row?.config ?? null;
}

export interface OfferEdit {
	phases?: Phase[];
	guarantee14Days?: boolean;
}

/**
 * An offer's phases and guarantee, checked exactly as a configuration file is: the offer schema, then the law
 * (a §101a offer keeps its clarifying phase first; a SUL §141 offer keeps the 14-day guarantee). Only errors refuse.
 * `change` may be worked out from the offer as stored (a form's numbers per phase), so the caller looks nothing up.
 */
export async function updateOffer(
	sql: Sql,
	editor: Editor,
	slug: string,
	change: OfferEdit | ((current: Offer) => OfferEdit)
): Promise<EditResult> {
	const offer = await ownOffer(sql, editor.municipalitySlug, slug);
	if (!offer) return { ok: false, reason: 'not_found' };
	const edit = typeof change === 'function' ? change(offer) : change;
	const parsed = offerSchema.safeParse({
		...offer,
		phases: edit.phases ?? offer.phases,
		guarantee14Days: edit.guarantee14Days ?? offer.guarantee14Days
	});
	if (!parsed.success) return invalid(parsed.error.issues, (path) => offerField(path, offer));
	const next = parsed.data;
	const [municipality] = await sql<{ slug: string; name: string; phone: string | null; retentionMonths: number }[]>`
		select slug, name, phone, retention_months from portal.municipality where slug = ${editor.municipalitySlug}`;
	if (!municipality) return { ok: false, reason: 'not_found' };
	const violations = lawViolations(
		[
			{
				municipality: { ...municipality, phone: known(municipality.phone) },
				places: await placesBySlug(
					sql,
					next.providers.map((p) => p.place)
				),
				offers: [next]
			}
		],
		{ offersOnly: true }
	).filter((v) => v.severity === 'error');
	if (violations.length > 0)
		return {
			ok: false,
			reason: 'invalid',
			problems: violations.map((v) => ({ kind: 'law', rule: v.rule, finding: v.finding }))
		};
	return sql.begin(async (tx) => {
		if (!(await writeOffer(tx, next, 'edit'))) return { ok: false, reason: 'not_found' } as const;
		await audit(tx, {
			staffId: editor.id,
			municipalitySlug: editor.municipalitySlug,
			action: 'offer_updated',
			detail: { offer: slug }
		});
		return { ok: true } as const;
	});
}

function invalid(issues: z.core.$ZodIssue[], where: (path: PropertyKey[]) => SettingsField): Refusal {
	return {
		ok: false,
		reason: 'invalid',
		problems: issues.map((issue) => ({ kind: 'field', ...where(issue.path), ...fieldProblem(issue) }))
	};
}

function placeField(path: PropertyKey[]): SettingsField {
	const field = path[0];
	return field === 'name' || field === 'address' || field === 'phone' ? { field } : { field: 'other' };
}

/** An interval's issue names its weekday as typed; one about all the hours (none given) names none. */
function hoursField(path: PropertyKey[], hours: readonly unknown[]): SettingsField {
	const row = typeof path[0] === 'number' ? (hours[path[0]] as { weekday?: unknown } | undefined) : undefined;
	if (!row) return { field: 'hours' };
	return { field: path[1] === 'to' ? 'to' : 'from', weekday: Number(row.weekday) };
}

/** Only a phase's numbers and the guarantee are edited here (settings/offer/[slug]): any other path is 'other'. */
function offerField(path: PropertyKey[], offer: Offer): SettingsField {
	if (path[0] === 'guarantee14Days') return { field: 'guarantee' };
	const phase = path[0] === 'phases' && typeof path[1] === 'number' ? offer.phases[path[1]] : undefined;
	if (!phase) return { field: 'other' };
	if (path[2] === 'max') return { field: 'max', phase: phase.kind };
	if (path[2] === 'format' && path[3] === 'minutes') return { field: 'minutes', phase: phase.kind };
	if (path[2] === 'format') return { field: 'seats', phase: phase.kind };
	return { field: 'other' };
}
