import { eventually } from '@paspoort/testing';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { requestCertificate, type HeldCertificate } from './support/holders';
import { Platform } from './support/platform';
import { totpAt } from './support/totp';

const CHROMIUM = process.env.PASPOORT_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const PERSON = { personId: 'p-browser-1', name: 'Bram de Vries' };
const SYSTEM = { organisationId: '23456789', organisationName: 'Huisartsenpraktijk Zuid', systemName: 'his' };

/** The portal as a person meets it: headless Chromium presenting a client certificate, typing TOTP codes. */
describe('portal in a real browser (headless Chromium, client certificate over TLS, TOTP)', () => {
  if (!existsSync(CHROMIUM)) {
    it(`skipped: no Chromium at ${CHROMIUM} (install Debian's chromium package; .ci/run does)`, () => {
      console.warn(`portal browser test skipped: no Chromium at ${CHROMIUM}`);
    });
    return;
  }

  let p: Platform;
  let browser: Browser;
  let person: HeldCertificate;
  let system: HeldCertificate;
  let origin: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    p = await Platform.start({ services: ['issuer', 'authn'] });
    person = await requestCertificate(() => p.http('issuer'), p.bootstrap, { profile: 'personal', holder: PERSON });
    system = await requestCertificate(() => p.http('issuer'), p.bootstrap, { profile: 'system', holder: SYSTEM });
    origin = `https://127.0.0.1:${p.port('portal')}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  const contextFor = (cert: HeldCertificate): Promise<BrowserContext> =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin, cert: Buffer.from(cert.certificatePem), key: Buffer.from(cert.keyPem) }],
    });
  /** Opens the portal until the page shows `text` (authn learns a new certificate over Kafka). */
  const openUntil = async (page: Page, text: string) =>
    eventually(async () => {
      await page.goto(`${origin}/`);
      return (await page.locator('body').innerText()).includes(text);
    });

  it('ok/the page recognises the personal certificate, enrolls the app, takes a TOTP code and lands on the person’s page', async () => {
    const context = await contextFor(person);
    const page = await context.newPage();
    try {
      await openUntil(page, 'Set up your authenticator app (test)');
      await page.getByRole('button', { name: 'Start enrollment' }).click();
      await page.waitForSelector('svg');
      const secret = (await page.locator('code').innerText()).trim();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await page.screenshot({ path: join(ARTIFACTS, 'portal-enrollment.png') });
      await page.fill('input[name=code]', totpAt(secret, p.clock.now()));
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.waitForSelector('text=Certificate recognised for');
      expect(await page.locator('h1').innerText()).toBe('Log in (test)');
      expect(await page.locator('strong').innerText()).toBe(PERSON.personId);
      p.clock.advance(30000);
      await page.fill('input[name=code]', totpAt(secret, p.clock.now()));
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.waitForSelector(`text=You are logged in to the test portal`);
      expect(await page.locator('h1').innerText()).toBe(`Welcome, ${PERSON.personId}`);
      await page.screenshot({ path: join(ARTIFACTS, 'portal-logged-in.png') });
      const cookies = await context.cookies(origin);
      expect(cookies).toEqual([
        expect.objectContaining({ name: 'paspoort_session_test', httpOnly: true, secure: true, sameSite: 'Strict' }),
      ]);

      await page.getByRole('link', { name: 'My certificates' }).click();
      await page.waitForSelector(`text=${person.serial}`);
      expect(await page.locator('td').nth(1).innerText()).toBe('active');
    } finally {
      await context.close();
    }
  }, 60000);

  it('fail/a system certificate sees a clear refusal page', async () => {
    const context = await contextFor(system);
    const page = await context.newPage();
    try {
      await openUntil(page, 'SYSTEM_CERTIFICATE_NOT_ALLOWED');
      expect(await page.locator('h1').innerText()).toBe('Refused');
      expect(await page.locator('.refusal').innerText()).toContain('a system certificate cannot log in to the portal');
      expect(await page.locator('.refusal code').innerText()).toBe('SYSTEM_CERTIFICATE_NOT_ALLOWED');
      await page.screenshot({ path: join(ARTIFACTS, 'portal-system-refused.png') });
    } finally {
      await context.close();
    }
  }, 60000);
});
