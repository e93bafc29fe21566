import { defineConfig } from '@playwright/test';

/**
 * Browser tests run Debian's Chromium (Playwright's own download does not work on our machines) against the
 * built portal. tests/e2e/global-setup.ts starts one PostgreSQL and makes a migrated, seeded template database;
 * each worker (tests/e2e/fixtures.ts) copies it and starts a portal of its own on a free loopback port, so the
 * specs share nothing and run in parallel, test by test.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: true,
	// The machine the suite is written for has 2 cores; see the README ("Tests") for the times of 1, 2 and 3.
	workers: 2,
	retries: 0,
	// Limits that catch a hang, not a slow machine: two workers and their Chromiums share the two cores, so a step
	// that takes 3 s alone takes up to three times that while the other worker renders too.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		trace: 'off',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{ name: 'js', use: { javaScriptEnabled: true } },
		{ name: 'no-js', use: { javaScriptEnabled: false } }
	]
});
