import { test, expect } from './fixtures';
import { checked, startBooking, bookFirstListed } from './citizen-flow';
import { staffLogin } from './staff-flow';
import { freshClientLimits } from './portal';

/**
 * The message thread on the code (issue 15), in both projects ('js' and 'no-js'): every step is a link or a form
 * post. The person writes, the centre answers by alias, the person sees the answer, unread first.
 */

const OFFER = 'gladsaxe-raadgivning-foer-behandling';

async function staffAnswers(page: import('@playwright/test').Page, question: string, answer: string) {
	await staffLogin(page, 'gladsaxe.raadgiver');
	// The nav counts threads waiting for an answer.
	await expect(page.getByRole('link', { name: /^Beskeder \(\d+ venter\)$/ })).toBeVisible();
	await page.getByRole('link', { name: /^Beskeder/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Beskeder' })).toBeVisible();
	await checked(page);
	// Waiting threads come first; this one is the only one waiting in this worker's portal now.
	await page.locator('ul.threads li.waiting a.alias').first().click();
	await expect(page.getByText(question)).toBeVisible();
	await checked(page);
	await page.getByRole('textbox', { name: /^Skriv til / }).fill(answer);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Beskeden er sendt.')).toBeVisible();
	await expect(page.getByText(answer)).toBeVisible();
}

test('SEL §101a stk. 3: a person asks a question before booking with a fresh code, and reads the answer', async ({
	page,
	browser
}, testInfo) => {
	test.slow();
	const question = `Kan jeg tage min kæreste med? (${testInfo.project.name})`;
	const answer = `Ja, det kan du godt. Ring hvis du vil (${testInfo.project.name}).`;
	await page.goto(`/tilbud/${OFFER}`);
	await page.getByRole('link', { name: /^Har du et spørgsmål først/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Stil et spørgsmål' })).toBeVisible();
	await checked(page);
	await freshClientLimits();
	await page.getByRole('textbox', { name: 'Dit spørgsmål' }).fill(question);
	await page.getByRole('button', { name: 'Send og få min kode' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dit spørgsmål er sendt.' })).toBeVisible();
	await expect(page.getByTestId('code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
	await expect(page.getByText('Vi sender ikke sms eller mail')).toBeVisible();
	await checked(page);
	await page.getByRole('link', { name: 'Se dine beskeder' }).click();
	await expect(page.getByText(question)).toBeVisible();
	await checked(page);

	const staff = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	await staffAnswers(await staff.newPage(), question, answer);
	await staff.close();

	await page.goto('/mine-tider');
	await page.getByRole('link', { name: 'Nye beskeder fra centret: 1' }).click();
	const first = page.getByTestId('message').first();
	await expect(first).toContainText('Ny');
	await expect(first).toContainText(answer);
	await checked(page);
	// Read now: the next visit no longer says new.
	await page.goto('/mine-tider');
	await expect(page.getByRole('link', { name: 'Beskeder fra centret', exact: true })).toBeVisible();
});

test('a person with a booking writes to the centre, the centre answers by alias, the person sees the answer', async ({
	page,
	browser
}, testInfo) => {
	test.slow();
	const question = `Jeg kommer måske lidt for sent (${testInfo.project.name})`;
	const answer = `Det er helt i orden (${testInfo.project.name}).`;
	await startBooking(page, OFFER);
	await bookFirstListed(page);
	await expect(page.getByText('Kig ind en gang imellem')).toBeVisible();
	await page.goto('/mine-tider');
	await page.getByRole('link', { name: 'Beskeder fra centret' }).click();
	await expect(page.getByText('Der er ingen beskeder endnu.')).toBeVisible();
	await checked(page);
	// Nothing but blanks is not sent.
	await page.getByRole('textbox', { name: 'Skriv til centret' }).fill('   ');
	await page.getByRole('button', { name: 'Send' }).click();
	if (testInfo.project.name === 'no-js') await expect(page.getByRole('alert')).toHaveText('Skriv en besked først.');
	await page.getByRole('textbox', { name: 'Skriv til centret' }).fill(question);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Din besked er sendt. Centret svarer her.')).toBeVisible();
	await expect(page.getByTestId('message').first()).toContainText(question);
	await expect(page.getByRole('textbox', { name: 'Skriv til centret' })).toHaveValue('');
	await checked(page);

	const staff = await browser.newContext({
		baseURL: testInfo.project.use.baseURL ?? process.env.PORTAL_URL,
		javaScriptEnabled: testInfo.project.use.javaScriptEnabled
	});
	await staffAnswers(await staff.newPage(), question, answer);
	await staff.close();

	await page.goto('/mine-tider/beskeder');
	await expect(page.getByTestId('message').first()).toContainText(answer);
	await expect(page.getByTestId('message').nth(1)).toContainText(question);
});
