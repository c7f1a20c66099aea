/**
 * The building blocks every form is made of. A form is described once, as field
 * definitions (label, help, kind, limits); its zod schema is built from them, so the page
 * that renders the form and the function that receives it can never disagree.
 *
 * Imports nothing but zod: Netlify bundles functions outside Astro.
 */
import * as z from 'zod/mini';

export interface Option {
  readonly value: string;
  readonly label: string;
}

interface BaseField {
  /** The question or label as the client reads it. */
  readonly label: string;
  /**
   * The label the coach reads, in the coach's email and on the desk, where the client's wording
   * would read oddly there ("Your name" → "Name", "What will you do?" → "What they will do").
   */
  readonly coachLabel?: string;
  /** One line of help under the label. */
  readonly help?: string;
  readonly required?: boolean;
  /** What to say when a required field is left empty, if better than the default. */
  readonly requiredMessage?: string;
}

export interface TextField extends BaseField {
  readonly kind: 'text' | 'email' | 'tel' | 'url' | 'textarea' | 'datetime-local' | 'timezone' | 'hidden';
  /** Most characters accepted. */
  readonly max: number;
  readonly autocomplete?: string;
  /** Visible lines for a textarea. */
  readonly rows?: number;
}

export interface ChoiceField extends BaseField {
  readonly kind: 'select' | 'radio';
  readonly options: readonly Option[];
}

export interface CheckboxField extends BaseField {
  readonly kind: 'checkbox';
}

export interface FileField extends BaseField {
  readonly kind: 'file';
}

export type FieldDef = TextField | ChoiceField | CheckboxField | FileField;

export function isTextField(def: FieldDef): def is TextField {
  return !['select', 'radio', 'checkbox', 'file'].includes(def.kind);
}
export type FieldMap = Readonly<Record<string, FieldDef>>;

/** What a field holds once validated. */
export type FieldValue<D extends FieldDef> = D extends ChoiceField
  ? D['required'] extends true
    ? D['options'][number]['value']
    : D['options'][number]['value'] | undefined
  : D extends CheckboxField
    ? boolean
    : D extends FileField
      ? UploadLike | undefined
      : D['required'] extends true
        ? string
        : string | undefined;

export type FormValues<F extends FieldMap> = { -readonly [K in keyof F]: FieldValue<F[K]> };

/** The part of a File the forms look at; true of browser Files and of server-side uploads. */
export interface UploadLike {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

/** A named group of fields, shown as one fieldset (and one step of the progress indicator). */
export interface FormSection<F extends FieldMap = FieldMap> {
  readonly id: string;
  readonly title: string;
  readonly intro?: string;
  readonly fields: readonly (keyof F & string)[];
}

export const MESSAGES = {
  required: 'Please fill this in.',
  tick: 'Please tick this box to continue.',
  tooLong: (max: number) => `Please keep this under ${max.toLocaleString('en-US')} characters.`,
  email: 'Please enter an email address like name@example.com.',
  emailInvisible: 'Your email address contains invisible or text-direction characters, which can slip in when it is pasted. Please type it in again.',
  url: 'Please enter a full web address starting with https://',
  tel: 'Please enter a phone number using digits, spaces, +, - or brackets.',
  choice: 'Please choose one of the options.',
  datetime: 'Please enter a date and time.',
  timezone: 'Please choose a time zone from the list.',
} as const;

/** True for an IANA time zone name the runtime knows ("Europe/Berlin"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

const PHONE = /^\+?[0-9 ()\-.]{6,25}$/;
/** One address: a local part, an @, and a domain with a dot; no spaces, no second line. */
const EMAIL = /^[^\s@<>()[\],;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i;
const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
/**
 * Invisible and direction-changing characters (zero-width spaces and joiners, right-to-left
 * overrides, word joiners, byte-order marks: Unicode's "format" category, and the Hangul
 * fillers that render as nothing). In an address they make two addresses look alike.
 */
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0]/u;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function isUpload(value: unknown): value is UploadLike {
  return (
    typeof value === 'object' && value !== null &&
    typeof (value as UploadLike).name === 'string' && typeof (value as UploadLike).size === 'number'
  );
}

/** The zod schema for one field's already-normalised value (see normaliseValue). */
function fieldSchema(def: FieldDef): z.ZodMiniType {
  let schema: z.ZodMiniType;
  switch (def.kind) {
    case 'checkbox':
      return def.required ? z.boolean().check(z.refine((v) => v === true, def.requiredMessage ?? MESSAGES.tick)) : z.boolean();
    case 'file':
      return z.optional(z.custom<UploadLike>(isUpload, 'Please choose a file.'));
    case 'select':
    case 'radio': {
      const values = def.options.map((o) => o.value);
      const message = def.requiredMessage ?? MESSAGES.choice;
      schema = z.string(message).check(z.refine((v) => values.includes(v), message));
      break;
    }
    default: {
      const checks: z.core.$ZodCheck<string>[] = [z.maxLength(def.max, MESSAGES.tooLong(def.max))];
      const formats: Partial<Record<TextField['kind'], (value: string) => boolean>> = {
        email: (v) => EMAIL.test(v),
        url: isHttpUrl,
        tel: (v) => PHONE.test(v),
        'datetime-local': (v) => DATETIME_LOCAL.test(v),
        timezone: isTimeZone,
      };
      const format = formats[def.kind];
      const formatMessage = MESSAGES[def.kind as 'email' | 'url' | 'tel' | 'timezone'] ?? MESSAGES.datetime;
      // Said on its own, before the format: "like name@example.com" would not tell anyone what is wrong.
      if (def.kind === 'email') checks.push(z.refine((v) => !INVISIBLE.test(v), { message: MESSAGES.emailInvisible, abort: true }));
      if (format) checks.push(z.refine(format, formatMessage));
      schema = z.string(def.requiredMessage ?? MESSAGES.required).check(...checks);
    }
  }
  return def.required ? schema : z.optional(schema);
}

/**
 * Turns what a form post carries into what the schema checks: strings are trimmed, an empty
 * string means "not given", a checkbox is on when it is sent at all ("on", "true", "yes").
 * JSON callers may send real booleans.
 */
function normaliseValue(def: FieldDef, value: unknown): unknown {
  if (Array.isArray(value)) value = value[0];
  if (def.kind === 'checkbox') {
    if (typeof value === 'boolean') return value;
    return typeof value === 'string' && ['on', 'true', 'yes', '1'].includes(value.trim().toLowerCase());
  }
  if (def.kind === 'file') return isUpload(value) && value.size > 0 ? value : undefined;
  if (typeof value === 'string') {
    const trimmed = value.replace(/\r\n?/g, '\n').trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value ?? undefined;
}

/** Field errors keyed by field name, the shape both the JSON answer and the page use. */
export type FieldErrors = Record<string, string[]>;

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** A form's schema: validates raw input (form post strings or JSON values) into typed answers. */
export interface FormSchema<T> {
  validate(input: unknown): Validation<T>;
}

/** The answers a form schema produces. */
export type InferForm<S> = S extends FormSchema<infer T> ? T : never;

/** Reports a problem with one field. */
export type Report = (field: string, message: string) => void;

export interface FormRules<T> {
  /** Checks on the raw input, before the fields are (e.g. no answers to unknown questions). */
  input?: (input: Record<string, unknown>, report: Report) => void;
  /** Rules across fields, run once every field is valid on its own. */
  values?: (values: T, report: Report) => void;
}

/**
 * The field definitions the browser needs to validate (kind, limits, options, messages, label
 * for the error summary), without the help texts and the coach's labels, for embedding in the page as JSON.
 */
export function clientFields(fields: FieldMap): FieldMap {
  return Object.fromEntries(Object.entries(fields).map(([name, { help: _help, coachLabel: _coachLabel, ...rest }]) => [name, rest as FieldDef]));
}

/** A field's label as the coach reads it. */
export const coachLabelOf = (def: FieldDef) => def.coachLabel ?? def.label;

function collect(run: (report: Report) => void): FieldErrors {
  const errors: FieldErrors = {};
  run((field, message) => (errors[field] ??= []).push(message));
  return errors;
}

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

/**
 * The schema of a form, from its field definitions: each field checked by zod after
 * normalising, then the form's own rules. The browser and the server run exactly this.
 */
export function formSchema<F extends FieldMap>(fields: F, rules: FormRules<FormValues<F>> = {}): FormSchema<FormValues<F>> {
  const object = z.object(Object.fromEntries(Object.entries(fields).map(([name, def]) => [name, fieldSchema(def)])));
  return {
    validate(input) {
      const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
      const inputErrors = collect((report) => rules.input?.(raw, report));
      if (hasErrors(inputErrors)) return { ok: false, errors: inputErrors };
      const normalised = Object.fromEntries(Object.entries(fields).map(([name, def]) => [name, normaliseValue(def, raw[name])]));
      const result = object.safeParse(normalised);
      if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
      const data = result.data as FormValues<F>;
      const ruleErrors = collect((report) => rules.values?.(data, report));
      return hasErrors(ruleErrors) ? { ok: false, errors: ruleErrors } : { ok: true, data };
    },
  };
}

function fieldErrors(error: z.core.$ZodError): FieldErrors {
  return collect((report) => {
    for (const issue of error.issues) report(issue.path.length > 0 ? issue.path.map(String).join('.') : 'form', issue.message);
  });
}
