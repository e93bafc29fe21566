// Measuring helpers of `npm run bench` (issue 14): CPU time of processes from /proc, PostgreSQL's statement counts
// (pg_stat_statements) and a summary of Node's CPU profiles (--cpu-prof), so the README can say where time goes.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** @param {number} pid @returns {number[]} its child processes (Linux) */
export function childrenOf(pid) {
	try {
		return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
			readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
		);
	} catch {
		return [];
	}
}

/** @param {number} pid @returns {number[]} the process and all below it */
export function treeOf(pid) {
	return [pid, ...childrenOf(pid).flatMap(treeOf)];
}

/** CPU seconds (user + system) the processes have used so far; processes gone meanwhile count as 0. */
export function cpuSeconds(pids) {
	let ticks = 0;
	for (const pid of pids) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
		} catch {
			/* gone */
		}
	}
	return ticks / TICKS_PER_SECOND;
}

/** The postmaster of a data folder and every backend below it. */
export function postgresPids(dataDir) {
	const file = join(dataDir, 'postmaster.pid');
	if (!existsSync(file)) return [];
	return treeOf(Number(readFileSync(file, 'utf8').split('\n')[0]));
}

/** CPU used by the portal's and PostgreSQL's processes while `work` runs (processes found when it ends too). */
export async function cpuDuring(portalPid, pgDataDir, work) {
	const before = { portal: cpuSeconds(treeOf(portalPid)), pg: cpuSeconds(postgresPids(pgDataDir)) };
	const t = performance.now();
	const result = await work();
	const wall = (performance.now() - t) / 1000;
	return {
		result,
		wall,
		portal: cpuSeconds(treeOf(portalPid)) - before.portal,
		pg: cpuSeconds(postgresPids(pgDataDir)) - before.pg
	};
}

/**
 * Statements the application role ran in PostgreSQL (pg_stat_statements; reset first), and their time there.
 * @param {import('postgres').Sql} sql a superuser's connection
 */
export async function statementsDuring(sql, work) {
	await sql`select pg_stat_statements_reset()`;
	const result = await work();
	const rows = await sql`
		select query, calls::int, total_exec_time as ms from pg_stat_statements
		where userid = (select oid from pg_roles where rolname = 'anon_booking_app') order by calls desc`;
	return { result, calls: rows.reduce((n, r) => n + r.calls, 0), ms: rows.reduce((n, r) => n + r.ms, 0), rows };
}

/** Where a profiled function lives, coarsely: what the README's profile table names. */
function category(url, name) {
	if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
	if (/node_modules\/zod\//.test(url)) return 'zod';
	if (/node_modules\/postgres\//.test(url)) return 'postgres.js (driver)';
	if (/argon2/.test(url) || /argon2/i.test(name)) return 'argon2 (main thread; hashing itself runs on the thread pool)';
	if (/paraglide|messages/.test(url)) return 'Paraglide (messages)';
	if (/zlib|brotli|compression/i.test(url + name)) return 'compression';
	if (
		/build\/server\/chunks\/(internal|index|exports|renderer|shared|server)/.test(url) ||
		/node_modules\/@sveltejs|node_modules\/svelte/.test(url)
	)
		return 'SvelteKit + Svelte SSR runtime';
	if (/build\/server\//.test(url)) return 'app code and page components (bundled)';
	if (url.startsWith('node:') || url === '') return 'Node internals (HTTP, streams, timers)';
	return basename(url);
}

/**
 * Self time of every function in the .cpuprofile files of a folder, summed by category and by function.
 * @param {string} dir
 */
export function summariseProfiles(dir) {
	/** @type {Map<string, number>} */
	const byCategory = new Map();
	/** @type {Map<string, number>} */
	const byFunction = new Map();
	let total = 0;
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
		const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
		// Only processes that served (the cluster's primary only forks and waits).
		if (!profile.nodes.some((/** @type {any} */ n) => /build\/server\//.test(n.callFrame.url))) continue;
		const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000; // ms
		for (const node of profile.nodes) {
			const ms = (node.hitCount ?? 0) * interval;
			if (ms === 0) continue;
			const { url, functionName, lineNumber } = node.callFrame;
			const name = functionName || '(anonymous)';
			const cat = category(url, name);
			byCategory.set(cat, (byCategory.get(cat) ?? 0) + ms);
			if (cat !== '(idle)') {
				const key = `${name} (${basename(url) || 'native'}:${lineNumber + 1}) [${cat}]`;
				byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
				total += ms;
			}
		}
	}
	const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
	return {
		total,
		categories: sorted(byCategory).filter(([c]) => c !== '(idle)'),
		functions: sorted(byFunction).slice(0, 15)
	};
}
