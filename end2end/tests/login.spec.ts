import { test, expect } from '../support/csp';

test('the server answers its health check', async ({ request }) => {
  const response = await request.get('/api/v1/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe('ok');
  expect(typeof body.version).toBe('string');
});

test('the release build shows the login form, found by role and name', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Log in to Switchboard' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
});

test('an unreachable server is reported in place and the typed email stays', async ({ page }) => {
  await page.goto('/');
  await page.route('**/api/v1/auth/login', (route) => route.abort('connectionrefused'));
  await page.getByRole('textbox', { name: 'Email' }).fill('olivia@example.com');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Cannot reach the server. Check your connection and try again.',
  );
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue('olivia@example.com');
});
