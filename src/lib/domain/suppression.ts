/**
 * Small-cell suppression for published counts (issue 5): statistics about anonymous citizens must not let anyone
 * single a person out, so no count from 1 to 4 is shown, and no published total may let such a count be worked
 * back out.
 *
 * The method, in the terms of statistical disclosure control (Hundepool et al., "Statistical Disclosure Control",
 * Wiley 2012, ch. 4 and 5; the "<5" threshold as in Danish and Nordic health statistics):
 * 1. Primary suppression: a count from 1 to 4 is shown as "<5". 0 is shown: it singles nobody out.
 * 2. Secondary suppression by marginal totals: a table is a set of groups, each "members add up to a total"
 *    (a column and its totals row; a row whose parts add up to another column). A total is published only when
 *    every member of its group is; otherwise it is hidden too ("..", or "<5" when it is itself 1–4).
 * 3. Repeat until nothing changes, because a hidden total is a member of other groups (the totals row).
 * 4. A total hidden by rule 2 is shown as ".." even when it is itself 1–4. Were it shown as "<5", it would tell
 *    the reader "at most 4", and that upper bound, with every "<5" part being at least 1, can pin the parts: in
 *    the rows (a, b, a+b) = (1, 0, 1), (0, 1, 1), (1, 1, 2) the grand total "<5" is at least 1 + 1 + 2 = 4, so
 *    every cell is 1. A ".." says nothing, so raising or lowering one "<5" cell by 1 and its totals with it gives
 *    another table that fits everything published: no "<5" cell has only one possible value.
 * So no published sum ever contains a hidden number, and no hidden number can be worked back out from them.
 * The rule "hide the total only when exactly one member is hidden" is not enough: 1 + 1 = 2 pins both cells, and
 * two-way tables leak through several sums at once (tests/unit/suppression.test.ts has such tables). Only
 * totals are hidden, never another inner cell, so every figure shown is true.
 */

export const SMALL_MIN = 1;
export const SMALL_MAX = 4;

/** What a reader is given for one count. */
export type Shown = { kind: 'count'; n: number } | { kind: 'small' } | { kind: 'hidden' };

/** Members that add up to a total, named by cell key. */
export interface Group {
	members: readonly string[];
	total: string;
}

export const SMALL_TEXT = '<5';
export const HIDDEN_TEXT = '..';

export function isSmall(n: number): boolean {
	return n >= SMALL_MIN && n <= SMALL_MAX;
}

/** Primary suppression of a lone count that belongs to no published total. */
export function showCount(n: number): Shown {
	return isSmall(n) ? { kind: 'small' } : { kind: 'count', n };
}

export function shownText(s: Shown): string {
	return s.kind === 'count' ? String(s.n) : s.kind === 'small' ? SMALL_TEXT : HIDDEN_TEXT;
}

/** Applies both rules to the cells (every key of a group must be in `values`); returns what may be shown. */
export function suppress(values: ReadonlyMap<string, number>, groups: readonly Group[]): Map<string, Shown> {
	const hidden = new Set<string>();
	for (const [key, n] of values) if (isSmall(n)) hidden.add(key);
	// Rule 4: a total over a hidden part is "..", whatever its size (a "<5" on it would bound its parts).
	const overHidden = new Set<string>();
	for (let changed = true; changed;) {
		changed = false;
		for (const group of groups) {
			if (!overHidden.has(group.total) && group.members.some((m) => hidden.has(m))) {
				hidden.add(group.total);
				overHidden.add(group.total);
				changed = true;
			}
		}
	}
	const shown = new Map<string, Shown>();
	for (const [key, n] of values) {
		shown.set(
			key,
			!hidden.has(key)
				? { kind: 'count', n }
				: overHidden.has(key) || !isSmall(n)
					? { kind: 'hidden' }
					: { kind: 'small' }
		);
	}
	for (const g of groups) for (const key of [g.total, ...g.members]) valueOf(values, key);
	return shown;
}

function valueOf(values: ReadonlyMap<string, number>, key: string): number {
	const n = values.get(key);
	if (n === undefined) throw new Error(`No value for cell ${key}`);
	return n;
}

/**
 * A table of rows (offers at places) by count columns, with a totals row; `rowSums` name columns that are the sum
 * of others in every row (seats taken = booked + attended + no-show). Keys are `${row}:${column}`, the totals row
 * is row 'total'.
 */
export function suppressTable<C extends string>(
	rows: readonly Readonly<Record<C, number>>[],
	columns: readonly C[],
	rowSums: readonly { members: readonly C[]; total: C }[] = []
): { rows: Record<C, Shown>[]; total: Record<C, Shown> } {
	const values = new Map<string, number>();
	const groups: Group[] = [];
	const rowKeys = rows.map((_, i) => String(i));
	rows.forEach((row, i) => columns.forEach((c) => values.set(`${i}:${c}`, row[c])));
	for (const c of columns) {
		values.set(
			`total:${c}`,
			rows.reduce((s, row) => s + row[c], 0)
		);
		groups.push({ members: rowKeys.map((r) => `${r}:${c}`), total: `total:${c}` });
	}
	for (const r of [...rowKeys, 'total']) {
		for (const sum of rowSums)
			groups.push({ members: sum.members.map((c) => `${r}:${c}`), total: `${r}:${sum.total}` });
	}
	const shown = suppress(values, groups);
	const pick = (r: string) => Object.fromEntries(columns.map((c) => [c, shown.get(`${r}:${c}`)!])) as Record<C, Shown>;
	return { rows: rowKeys.map(pick), total: pick('total') };
}

/** A share in whole per cent, shown only when both its counts are: otherwise it would give a hidden one away. */
export function shownShare(part: Shown, whole: Shown): number | null {
	if (part.kind !== 'count' || whole.kind !== 'count' || whole.n === 0) return null;
	return Math.round((100 * part.n) / whole.n);
}
