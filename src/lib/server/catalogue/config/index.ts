import { z } from 'zod';
import type { MunicipalityConfig } from '$lib/domain/model';
import { lawViolations, type LawViolation } from '$lib/domain/routing';
import { configSetSchema, municipalityConfigSchema } from './schema';
// Static imports, so the adapter-node bundle carries the data and no file is read at run time.
import gladsaxe from './municipalities/gladsaxe.json';
import ballerup from './municipalities/ballerup.json';
import odsherred from './municipalities/odsherred.json';
import helsingor from './municipalities/helsingor.json';
import kobenhavn from './municipalities/kobenhavn.json';

/** The shipped files, keyed by file name (without .json); each file's municipality slug must equal its name. */
export const municipalityFiles: Readonly<Record<string, unknown>> = {
	gladsaxe,
	ballerup,
	odsherred,
	helsingor,
	kobenhavn
};

export interface LoadedConfig {
	configs: MunicipalityConfig[];
	/** Printable lines, one per warning-severity law finding (e.g. a declared SEL §101a stk. 2 gap). */
	warnings: string[];
	/** The same findings as data, for tests and a status page. */
	findings: LawViolation[];
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** Parses, validates and law-checks the shipped files. Throws ConfigError, naming every problem, if any is fatal. */
export function loadConfig(): LoadedConfig {
	return assertConfig(municipalityFiles);
}

/**
 * The same checks on any data: an array of municipality configurations, or a record of them keyed by file name
 * (then each file's slug must match its name). Tests pass modified copies of the shipped data.
 */
export function assertConfig(input: readonly unknown[] | Readonly<Record<string, unknown>>): LoadedConfig {
	const entries: [string, unknown][] = Array.isArray(input)
		? input.map((c, i) => [labelOf(c, i), c])
		: Object.entries(input).map(([file, c]) => [`${file}.json`, c]);

	const problems: string[] = [];
	const parsed: MunicipalityConfig[] = [];
	for (const [label, raw] of entries) {
		const result = municipalityConfigSchema.safeParse(raw);
		if (!result.success) {
			problems.push(`${label}:\n${indent(z.prettifyError(result.error))}`);
			continue;
		}
		const file = label.endsWith('.json') ? label.slice(0, -'.json'.length) : null;
		if (file !== null && !Array.isArray(input) && result.data.municipality.slug !== file) {
			problems.push(
				`${label}: municipality.slug is '${result.data.municipality.slug}' but the file is named '${file}'`
			);
			continue;
		}
		parsed.push(result.data);
	}
	if (problems.length === 0) {
		const set = configSetSchema.safeParse(parsed);
		if (!set.success) problems.push(`across the municipality files:\n${indent(z.prettifyError(set.error))}`);
	}
	if (problems.length > 0) throw new ConfigError(report('does not parse', problems));

	const findings = lawViolations(parsed);
	const errors = findings.filter((f) => f.severity === 'error');
	if (errors.length > 0) {
		throw new ConfigError(
			report(
				'breaks the law',
				errors.map((e) => e.message)
			)
		);
	}
	const warnings = findings.filter((f) => f.severity === 'warning').map((w) => w.message);
	return { configs: parsed, warnings, findings };
}

function labelOf(config: unknown, index: number): string {
	const slug = (config as { municipality?: { slug?: unknown } } | null)?.municipality?.slug;
	return typeof slug === 'string' ? `municipality '${slug}'` : `municipality #${index}`;
}

function report(what: string, problems: string[]): string {
	return [
		`The municipality configuration ${what} (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
		...problems.map((p) => `- ${p}`)
	].join('\n');
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((l) => `    ${l}`)
		.join('\n');
}
