import type { Page } from 'playwright-core';

/** The intake questionnaire's answers, as Rosa types them. */
export const ROSA = { name: 'Rosa Díaz', goals: 'Move into product management.' } as const;

/** Answers every required question of the intake questionnaire open in the page. */
export async function fillIntake(page: Page, email: string) {
  await page.locator('#field-name').fill(ROSA.name);
  await page.locator('#field-email').fill(email);
  await page.locator('#field-timeZone').selectOption('Europe/Berlin');
  await page.locator('#field-currentSituation').fill('Analyst for six years; the work stopped fitting.');
  await page.locator('#field-whyNow').fill('A reorganisation, and a birthday.');
  await page.locator('#field-goals').fill(ROSA.goals);
  await page.locator('#field-success3Months').fill('Three conversations with product managers.');
  await page.locator('#field-success12Months').fill('A product role I chose.');
  await page.locator('#field-strengths').fill('Curious, organised, good with people.');
  await page.locator('#field-values').fill('Autonomy, craft, kindness.');
  await page.locator('#field-obstacles').fill('I could never pitch myself.');
  await page.getByRole('checkbox', { name: /I have read the privacy policy/ }).check();
}

/** Waits until the draft in this browser holds every answer, the consent box included. */
export async function draftSaved(page: Page) {
  await page.waitForFunction(() => Object.values(localStorage).some((saved) => saved.includes('"consent"')));
}
