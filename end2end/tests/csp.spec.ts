// The Content Security Policy holds: the app and the customer simulator run
// under it without a single violation (the fixture in support/csp.ts fails
// any test that causes one, or any page error), and it does block a script
// injected inline.
import { test, expect, takePageErrors, takeViolations } from '../support/csp';
import { OLIVIA, logIn, unique } from '../support/workspace';

test('an inline script injected into the app is blocked and reported', async ({ page }) => {
  await logIn(page, OLIVIA);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.e2eInjected = true;';
    document.body.append(script);
  });
  await expect.poll(() => takeViolations().length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { e2eInjected?: boolean }).e2eInjected)).toBeUndefined();
});

test('an uncaught error in the page is caught by the guard every test runs under', async ({ page }) => {
  await logIn(page, OLIVIA);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('e2e provoked error');
    });
  });
  await expect.poll(() => takePageErrors().join('\n')).toContain('e2e provoked error');
});

test('the customer simulator works under the policy', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'same-origin', 'the simulator is served by the API server');
  await page.goto('/demo/customer');
  await page.getByLabel('My id on the channel').fill(`csp-${unique()}`);
  await page.getByLabel('My id on the channel').dispatchEvent('change');
  const text = `Hello under CSP ${unique()}`;
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('list', { name: 'Conversation' })).toContainText(text);
});
