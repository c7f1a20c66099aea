import { describe, expect, it } from 'vitest';
import type { LibraryItem } from '#server/reading/library.ts';
import { worthReadingEmail, type WorthReadingInput } from '#server/reading/worthReadingEmail.ts';

const ITEM: LibraryItem = {
  kind: 'exercise',
  slug: 'energy-audit',
  title: 'Energy audit',
  url: '/exercises/energy-audit/',
  summary: 'For one working week, note what gives you energy and what drains it.',
  terms: ['habits', 'clarity'],
  text: 'We often decide what to do next based on a rough feeling.',
};

const input = (overrides: Partial<WorthReadingInput> = {}): WorthReadingInput => ({
  item: ITEM,
  note: 'Hi Sam,\n\nYou said Tuesdays wipe you out. This might show you why.',
  clientName: 'Sam Rivera',
  clientEmail: 'sam@example.com',
  siteUrl: 'https://unstuck.example.com',
  fromEmail: 'Unstuck <hello@unstuck.example.com>',
  coachEmail: 'maya@unstuck.example.com',
  coachName: 'Maya Ellison',
  ...overrides,
});

describe('worthReadingEmail', () => {
  it('goes to the client from the site, with replies going to the coach', () => {
    const message = worthReadingEmail(input());

    expect(message).toMatchObject({
      from: 'Unstuck <hello@unstuck.example.com>',
      to: ['sam@example.com'],
      replyTo: 'maya@unstuck.example.com',
      subject: 'Something worth reading: Energy audit',
    });
  });

  it('escapes a note with a script and a title with an ampersand', () => {
    const item = { ...ITEM, title: 'Values & vices', summary: 'Pick <five>.' };

    const message = worthReadingEmail(input({ item, note: 'Read this <script>alert("hi")</script> first & soon.' }));

    expect(message.html).not.toMatch(/<script|<five>/i);
    expect(message.html).toContain('Read this &lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; first &amp; soon.');
    expect(message.html).toContain('>Values &amp; vices</a>');
    expect(message.html).toContain('<title>Something worth reading: Values &amp; vices</title>');
    expect(message.html).toContain('Pick &lt;five&gt;.');
    expect(message.subject).toBe('Something worth reading: Values & vices');
    expect(message.text).toContain('Read this <script>alert("hi")</script> first & soon.');
  });

  it("links to the item's page on the site, in the HTML and the text", () => {
    const message = worthReadingEmail(input({ siteUrl: 'https://coach.example.org/' }));

    const hrefs = [...message.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual(['https://coach.example.org/exercises/energy-audit/', 'https://coach.example.org/exercises/energy-audit/']);
    expect(message.text).toContain('Open the exercise: https://coach.example.org/exercises/energy-audit/');
  });

  it("puts the coach's note first, then the title, the summary and the link", () => {
    const message = worthReadingEmail(input());

    // The HTML's <title> in its head repeats the subject; the order that matters is the body's.
    for (const body of [message.html.slice(message.html.indexOf('<body')), message.text]) {
      const order = ['Tuesdays wipe you out', 'Energy audit', 'note what gives you energy', 'Open the exercise'].map((part) => body.indexOf(part));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(message.html).toContain('<p style="margin:0 0 12px">Hi Sam,</p>');
  });

  it('says who picked it and how to answer', () => {
    const message = worthReadingEmail(input());

    expect(message.text).toContain('Maya Ellison picked this for you, Sam Rivera. Reply to this email to write back to Maya Ellison.');
  });

  it('leaves out an empty note rather than sending a blank paragraph', () => {
    const message = worthReadingEmail(input({ note: '  \n ' }));

    expect(message.text.startsWith('An exercise: Energy audit')).toBe(true);
    expect(message.html).not.toContain('<p style="margin:0 0 12px"></p>');
  });

  it('introduces an inquiry as a question to carry', () => {
    const inquiry: LibraryItem = { ...ITEM, kind: 'inquiry', slug: 'what-enough-looks-like', url: '/inquiries/what-enough-looks-like/', title: 'What would "enough" look like for you?' };

    const message = worthReadingEmail(input({ item: inquiry }));

    expect(message.text).toContain('A question to carry with you: What would "enough" look like for you?');
    expect(message.html).toContain('What would &quot;enough&quot; look like for you?');
  });
});
