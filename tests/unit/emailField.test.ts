import { describe, expect, it } from 'vitest';
import { MESSAGES } from '#src/forms/fields.ts';
import { ReflectionSchema } from '#src/forms/reflection.ts';

/** A reflection is the shortest form; its email field is the one every form shares. */
const emailErrors = (email: string) => {
  const result = ReflectionSchema.validate({ name: 'Jo', email, inquiry: 'failing-slowly', reflection: 'Something came up.' });
  return result.ok ? undefined : result.errors.email;
};

const INVISIBLE = {
  'zero-width space': '\u200b',
  'zero-width non-joiner': '\u200c',
  'zero-width joiner': '\u200d',
  'left-to-right mark': '\u200e',
  'right-to-left mark': '\u200f',
  'left-to-right embedding': '\u202a',
  'right-to-left embedding': '\u202b',
  'pop directional formatting': '\u202c',
  'left-to-right override': '\u202d',
  'right-to-left override': '\u202e',
  'word joiner': '\u2060',
  'invisible times': '\u2062',
  'invisible plus': '\u2064',
  'left-to-right isolate': '\u2066',
  'right-to-left isolate': '\u2067',
  'pop directional isolate': '\u2069',
  'byte-order mark inside the address': '\ufeff',
  'soft hyphen': '\u00ad',
  'Arabic letter mark': '\u061c',
  'Hangul filler': '\u3164',
};

describe('an email address', () => {
  it.each(Object.entries(INVISIBLE))('is refused, with its own message, when it hides a %s', (_name, character) => {
    expect(emailErrors(`jo${character}@example.com`)).toEqual([MESSAGES.emailInvisible]);
    expect(emailErrors(`jo@exa${character}mple.com`)).toEqual([MESSAGES.emailInvisible]);
  });

  it('is refused when a right-to-left override makes it read as another address', () => {
    // On screen this reads "jo@example.com"; the address itself is the reverse.
    expect(emailErrors('\u202emoc.elpmaxe@oj')).toEqual([MESSAGES.emailInvisible]);
  });

  it.each(['jo@example.com', 'Jo.Smith+coaching@Example.COM', 'josé@example.com', '  jo@example.com  '])('is taken when it is an ordinary address (%j)', (email) => {
    expect(emailErrors(email)).toBeUndefined();
  });

  it('still gets the format message when it is simply malformed', () => {
    expect(emailErrors('jo@example')).toEqual([MESSAGES.email]);
  });
});
