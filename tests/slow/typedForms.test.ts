/**
 * The functions are typed from the form schemas: renaming a field the server reads must break
 * the build (npm run check), not an email. A copy of the project has a field renamed, and the
 * real TypeScript compiler checks the functions (everything under netlify/ and what it imports),
 * as `npm run check` does, without Astro's part, which the functions never import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from '../support/projectCopy';

const TSC = 'typescript/bin/tsc';

/** tsconfig.json's settings, for the functions alone. */
const FUNCTIONS_TSCONFIG = JSON.stringify({
  extends: './tsconfig.json',
  include: ['netlify/**/*'],
  exclude: [],
});

let project: ProjectCopy;

beforeAll(async () => {
  project = await copyProject(['src', 'netlify', 'tsconfig.json', 'package.json']); // package.json: its imports (#server/*, …)
  await project.write('tsconfig.functions.json', FUNCTIONS_TSCONFIG);
});
afterAll(() => project?.cleanup());

/** Renames a field in the copy, checks the functions, and puts the field back. */
async function checkWithRenamed(file: string, from: string, to: string) {
  await project.replace(file, from, to);
  try {
    return await project.run(TSC, '--noEmit', '-p', 'tsconfig.functions.json');
  } finally {
    await project.replace(file, to, from);
  }
}

/** The files the compiler found errors in. */
const filesWithErrors = (output: string) => [...new Set([...output.matchAll(/^([^\s(]+)\(\d+,\d+\): error/gm)].map((m) => m[1]))].sort();

describe('the functions, typed from the form schemas', () => {
  it('compile as they are', async () => {
    const { code, output } = await project.run(TSC, '--noEmit', '-p', 'tsconfig.functions.json');

    expect(output.trim()).toBe('');
    expect(code).toBe(0);
  });

  it('stop compiling where they read the email, when the identity field `email` is renamed', async () => {
    const { code, output } = await checkWithRenamed('src/forms/identity.ts', '  email: {', '  emailAddress: {');

    expect(code).not.toBe(0);
    expect(filesWithErrors(output)).toEqual(
      expect.arrayContaining([
        'netlify/server/submissions/acceptSubmission.ts',
        'netlify/server/emails/submissionEmails.ts',
        'netlify/server/emails/spamDigest.ts',
        'netlify/server/submissions/forms/postedIdentity.ts',
        'netlify/server/submissions/heldSpam.ts',
      ]),
    );
    expect(output).toMatch(/netlify\/server\/emails\/submissionEmails\.ts.*'email'/);
  });

  it('stop compiling in the commitment handler when a commitment field it reads is renamed', async () => {
    const { code, output } = await checkWithRenamed('src/forms/commitment.ts', '  howWillIKnow: {', '  howIWillKnow: {');

    expect(code).not.toBe(0);
    expect(filesWithErrors(output)).toContain('netlify/server/submissions/forms/commitment.ts');
    expect(output).toMatch(/netlify\/server\/submissions\/forms\/commitment\.ts.*'howWillIKnow'/);
  });
});
