// Run by `npm install` (postinstall): patches a bug in postgres.js 3.4.9 (the driver, node_modules/postgres) that
// `npm run faults` found. When PostgreSQL goes away under load, a transaction whose connection closes sends its
// ROLLBACK on the dead connection; the small write is deferred with setImmediate and then runs on `socket = null`:
// "TypeError: Cannot read properties of null (reading 'write')", thrown from a timer, so nothing can catch it and
// the whole app exits (porsager/postgres#1066, #1154, #1208; fix proposed in #1168, not released). And a
// connection that closes while a write is pending keeps its cleared timer, so it never sends anything again.
// The patch drops a write whose socket is gone (closed() has already failed the connection's queries) and resets
// the write buffer when a connection closes. Idempotent; it says so loudly when the driver's code has changed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'node_modules', 'postgres');
const MARK = '/* patched: no write on a closed socket (see src/patch-postgres.js) */';

const edits = [
	{
		find: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
		replace:
			'  function nextWrite(fn) {\n' +
			`    if (!socket) { ${MARK}\n` +
			'      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n' +
			'      chunk = nextWriteTimer = null\n' +
			'      return true\n' +
			'    }\n' +
			'    const x = socket.write(chunk, fn)'
	},
	{
		find: '    clearImmediate(nextWriteTimer)\n    if (socket) {',
		replace: `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARK}\n    if (socket) {`
	},
	{
		find: '    incomings = null\n    clearImmediate(nextWriteTimer)\n    socket.removeListener',
		replace: `    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARK}\n    socket.removeListener`
	}
];

if (!existsSync(join(root, 'package.json'))) process.exit(0); // not installed (yet): nothing to patch
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
	const path = join(root, file);
	if (!existsSync(path)) continue;
	let text = readFileSync(path, 'utf8');
	if (text.includes(MARK) || text.includes('/* patched by ')) continue;
	for (const { find, replace } of edits) {
		if (!text.includes(find)) {
			console.warn(`src/patch-postgres.js: postgres ${version} ${file} has changed; not patched. Check whether the nextWrite fix is in it, then remove this script.`);
			process.exit(0);
		}
		text = text.replace(find, replace);
	}
	writeFileSync(path, text);
}
