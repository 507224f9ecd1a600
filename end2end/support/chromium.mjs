// The flags every headless Chromium of the project starts with: the
// end-to-end suite, the benchmark and its Lighthouse runs. They turn off what
// a server without a display, a GPU or a large /dev/shm cannot give, and the
// background traffic (updates, sync) that would disturb a measurement.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
