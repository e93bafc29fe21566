import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { randomBytes } from 'node:crypto';

export default defineConfig({
	plugins: [
		sveltekit(),
		// Danish first; English one click away. The choice lives in a cookie (no personal data), so pages keep
		// one address per page for both languages and work without JavaScript.
		paraglideVitePlugin({
			project: './src/lib/i18n/project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		})
	],
	server: { port: 5173, strictPort: false },
	test: {
		// Stopping the embedded PostgreSQL after the database tests may take a while on a busy machine.
		teardownTimeout: 30_000,
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'db',
					include: ['tests/db/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/db/global-setup.ts'],
					// The rate limiter's secret for this run, so the tests leave no key file in ./data.
					env: { RATE_LIMIT_SECRET: randomBytes(32).toString('base64') },
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
});
