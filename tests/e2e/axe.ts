import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * WCAG 2.1 AA: zero violations, with the offending rules named when there are some.
 * axe runs as a script in the page; with JavaScript off it cannot, so the same HTML is checked in a
 * script-enabled page of the same origin with the app's own scripts blocked (so nothing hydrates or changes).
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const jsOff = test.info().project.use.javaScriptEnabled === false;
	let target = page;
	let close = async () => {};
	if (jsOff) {
		const html = await page.content();
		const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
		await context.route('**/_app/immutable/**/*.js', (route) => route.abort());
		target = await context.newPage();
		await target.goto(new URL('/health', page.url()).toString());
		await target.setContent(html, { waitUntil: 'load' });
		close = () => context.close();
	}
	try {
		const results = await new AxeBuilder({ page: target })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze();
		const summary = results.violations.map(
			(v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`
		);
		expect(summary).toEqual([]);
	} finally {
		await close();
	}
}
