import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './support/browser';
import { fillIntake } from './support/intake';
import { outboxFor, PDF_BYTES, recordFor, refOf, uniqueEmail, url } from './support/site';

/** The server checks deadlines against the real clock: mid-January next year is always ahead. */
const DEADLINE = `${new Date().getUTCFullYear() + 1}-01-15T09:00`;

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('client forms $label', ({ javaScript }) => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch({ javaScript });
    page = await browser.context.newPage();
  });
  afterAll(() => browser?.close());

  it('sends the intake questionnaire with a resume, stores it and emails both people', async () => {
    const email = uniqueEmail('intake');
    await page.goto(url('/intake/'));
    await fillIntake(page, email);
    await page.locator('#field-resume').setInputFiles({ name: 'Rosa CV.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await page.getByRole('button', { name: 'Send my answers' }).click();

    await page.waitForURL(/\/thanks\/intake\/\?ref=/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/questionnaire arrived/);
    const id = refOf(page);
    const record = (await recordFor('intake', id)) as { data: { email: string; timeZone: string; resume: { fileName: string; contentType: string } } };
    expect(record.data).toMatchObject({ email, timeZone: 'Europe/Berlin', resume: { fileName: 'Rosa-CV.pdf', contentType: 'application/pdf' } });
    const emails = await outboxFor(id);
    expect(emails.map((m) => m.to[0]).sort()).toEqual(['coach@unstuck.localhost', email].sort());
    expect(emails.find((m) => m.to[0] === 'coach@unstuck.localhost')!.attachments).toEqual([
      { filename: 'Rosa-CV.pdf', contentType: 'application/pdf', size: PDF_BYTES.length },
    ]);
  });

  it('explains a problem the server finds and keeps everything typed', async () => {
    await page.goto(url('/intake/'));
    await fillIntake(page, uniqueEmail('intake-invalid'));
    await page.getByRole('radio', { name: 'By text message' }).check();
    await page.getByRole('button', { name: 'Send my answers' }).click();

    if (javaScript) {
      const summary = page.getByRole('alert');
      await expect(summary.textContent()).resolves.toMatch(/Phone: Please give a phone number for text check-ins\./);
      await expect(page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).resolves.toBe(true);
      await expect(page.locator('#field-phone').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.locator('#field-phone-error').textContent()).resolves.toBe('Please give a phone number for text check-ins.');
      expect(page.url()).toBe(url('/intake/'));
    } else {
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Please check one answer');
      await expect(page.locator('.problems').textContent()).resolves.toContain('Phone: Please give a phone number for text check-ins.');
      await page.goBack();
    }
    await expect(page.locator('#field-goals').inputValue()).resolves.toBe('Move into product management.');
    await expect(page.locator('#field-obstacles').inputValue()).resolves.toBe('I could never pitch myself.');
  });

  it('sets homework with a deadline and mails a calendar event', async () => {
    const email = uniqueEmail('homework');
    await page.goto(url('/homework/?exercise=energy-audit'));
    await page.locator('#field-what').fill('Send two applications, one to a startup');
    await page.locator('#field-when').fill(DEADLINE);
    await page.locator('#field-timeZone').selectOption('America/New_York');
    await page.locator('#field-howWillIKnow').fill('I will email you both links');
    if (!javaScript) await page.locator('#field-exercise').selectOption('energy-audit');
    await page.locator('#field-name').fill('Sam');
    await page.locator('#field-email').fill(email);
    await page.getByRole('button', { name: 'Commit to it' }).click();

    await page.waitForURL(/\/thanks\/homework\/\?ref=/);
    const id = refOf(page);
    const record = (await recordFor('commitment', id)) as { data: Record<string, string> };
    expect(record.data).toMatchObject({ when: DEADLINE, timeZone: 'America/New_York', exercise: 'energy-audit' });
    const clientEmail = (await outboxFor(id)).find((m) => m.to[0] === email)!;
    expect(clientEmail.attachments.map((a) => a.filename)).toEqual(['homework.ics']);
  });

  it('refuses a homework deadline in the past', async () => {
    await page.goto(url('/homework/'));
    await page.locator('#field-what').fill('Update my LinkedIn headline');
    await page.locator('#field-when').fill('2020-01-15T09:00');
    await page.locator('#field-howWillIKnow').fill('A screenshot');
    await page.locator('#field-name').fill('Sam');
    await page.locator('#field-email').fill(uniqueEmail('past'));
    await page.getByRole('button', { name: 'Commit to it' }).click();
    const problem = javaScript ? page.locator('#field-when-error') : page.locator('.problems');
    await expect(problem.textContent()).resolves.toContain('Please pick a time in the future.');
  });

  it('sends answers to an exercise from its page', async () => {
    const email = uniqueEmail('response');
    await page.goto(url('/exercises/values-card-sort/'));
    const answers = page.locator('#response-form textarea[name^="answers."], #response-form input[name^="answers."]');
    for (let i = 0; i < (await answers.count()); i++) await answers.nth(i).fill(`Answer ${i + 1}`);
    await page.locator('#response-form #field-name').fill('Lee');
    await page.locator('#response-form #field-email').fill(email);
    await page.getByRole('button', { name: 'Send my answers' }).click();

    await page.waitForURL(/\/thanks\/exercise\/\?ref=/);
    const record = (await recordFor('response', refOf(page))) as { data: Record<string, string> };
    expect(record.data.exercise).toBe('values-card-sort');
    expect(Object.keys(record.data).filter((k) => k.startsWith('answers.')).length).toBe(await answersCount(page));
  });

  it('shows which exercise answers are missing', async () => {
    await page.goto(url('/exercises/values-card-sort/'));
    await page.locator('#response-form #field-name').fill('Lee');
    await page.locator('#response-form #field-email').fill(uniqueEmail('response-missing'));
    if (!javaScript) {
      // The browser itself stops an empty required answer before it is sent.
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await expect(page.locator('#response-form textarea:invalid, #response-form input:invalid').count()).resolves.toBeGreaterThan(0);
      expect(page.url()).toBe(url('/exercises/values-card-sort/'));
      return;
    }
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/need another look|needs another look/);
    await expect(page.locator('#response-form .field__error:not([hidden])').count()).resolves.toBeGreaterThan(0);
  });

  it('sends a reflection on an inquiry from its page', async () => {
    const email = uniqueEmail('reflection');
    await page.goto(url('/inquiries/failing-slowly/'));
    await page.locator('#field-reflection').fill('I noticed I avoid anything I cannot do well at once.');
    await page.locator('#reflection-form #field-name').fill('Ana');
    await page.locator('#reflection-form #field-email').fill(email);
    await page.getByRole('button', { name: 'Send my reflection' }).click();
    await page.waitForURL(/\/thanks\/reflection\/\?ref=/);
    const id = refOf(page);
    expect(((await recordFor('reflection', id)) as { data: Record<string, string> }).data.inquiry).toBe('failing-slowly');
    expect(await outboxFor(id)).toHaveLength(2);
  });
});

async function answersCount(page: Page): Promise<number> {
  await page.goto(url('/exercises/values-card-sort/'));
  return page.locator('#response-form [name^="answers."]').count();
}

describe('the intake draft', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('survives a reload, and is gone once the questionnaire is sent', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('/intake/'));
    await page.locator('#field-name').fill('Kit');
    await page.locator('#field-currentSituation').fill('Between jobs and unsure.');
    await page.locator('.draft-status', { hasText: 'Draft saved' }).waitFor();
    await page.reload();
    await expect(page.locator('#field-name').inputValue()).resolves.toBe('Kit');
    await expect(page.locator('#field-currentSituation').inputValue()).resolves.toBe('Between jobs and unsure.');
    await expect(page.locator('.draft-status').textContent()).resolves.toMatch(/Welcome back/);

    await fillIntake(page, uniqueEmail('draft'));
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.waitForURL(/\/thanks\/intake\//);
    await page.goto(url('/intake/'));
    await expect(page.locator('#field-name').inputValue()).resolves.toBe('');
  });
});
