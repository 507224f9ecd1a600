// The trap of the hostile corpus: any script a payload manages to run calls
// `__pwned('<id>')`, assigns `window.pwned` or opens a dialog, and is seen.
import type { Page } from '@playwright/test';

/** Installs the trap in every frame before any of the app's code runs. */
export async function installTrap(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const hits: string[] = [];
    const w = window as unknown as Record<string, unknown>;
    Object.defineProperty(window, '__pwnedHits', { value: hits });
    w.__pwned = (id: unknown) => hits.push(String(id));
    Object.defineProperty(window, 'pwned', {
      configurable: false,
      get: () => undefined,
      set: (value: unknown) => hits.push(`pwned=${String(value)}`),
    });
  });
  return dialogs;
}

export async function trapHits(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __pwnedHits?: string[] }).__pwnedHits ?? [])]);
}

