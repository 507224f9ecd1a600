// A long conversation keeps a bounded number of messages in the DOM, however
// far the operator scrolls, and comes back to the newest in one click.
import {
  expect,
  logIn,
  messages,
  OLIVIA,
  openConversation,
  openTab,
  test,
} from '../support/workspace';

const COUNT = 420;
const MAX_RENDERED = 150;

test('scrolling a long conversation to its first message keeps the DOM bounded', async ({ page, customer }) => {
  test.setTimeout(120_000);
  let conversation = 0;
  for (let n = 1; n <= COUNT; n += 1) {
    ({ conversation_id: conversation } = await customer.write(`Line number ${n}`));
  }
  await logIn(page, OLIVIA);
  await openTab(page, 'Unanswered');
  await openConversation(page, customer.name, conversation);

  const log = messages(page);
  const rendered = log.locator('.message');
  await expect(log.getByText(`Line number ${COUNT}`, { exact: true })).toBeVisible();

  // Scroll up until the very first message shows.
  const first = log.getByText('Line number 1', { exact: true });
  let maxSeen = 0;
  for (let step = 0; step < 80 && !(await first.isVisible()); step += 1) {
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await page.waitForTimeout(150);
    maxSeen = Math.max(maxSeen, await rendered.count());
  }
  await expect(first).toBeVisible();
  expect(maxSeen).toBeLessThanOrEqual(MAX_RENDERED);
  expect(await rendered.count()).toBeLessThanOrEqual(MAX_RENDERED);
  // Messages follow each other in order, none missing, within what is rendered.
  const texts = await log.locator('.message-text').allInnerTexts();
  const numbers = texts.map((text) => Number(text.replace('Line number ', '')));
  expect(numbers).toEqual(numbers.map((_, index) => index + 1));

  // Scrolling back down walks the window down again, in order.
  for (let step = 0; step < 40; step += 1) {
    await log.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await page.waitForTimeout(100);
  }
  await expect(log.getByText(`Line number ${COUNT}`, { exact: true })).toBeVisible();

  // From the top, one click brings the newest messages back.
  for (let step = 0; step < 20 && !(await first.isVisible()); step += 1) {
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await page.waitForTimeout(150);
  }
  await page.getByRole('button', { name: 'Jump to the newest messages' }).click();
  await expect(log.getByText(`Line number ${COUNT}`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Jump to the newest messages' })).toBeHidden();
});
