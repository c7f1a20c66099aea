/**
 * Progressive enhancement for a client form (see SubmissionForm.astro). Validates with the
 * same schema as the server while the client types, shows each problem next to its field with
 * a summary at the top, sends with fetch, keeps a draft of long forms in this browser, and
 * never clears what was typed until the coach has it.
 */
import type { FieldErrors, FormSchema } from '../forms/fields';
import { fieldId } from '../forms/fieldId';
import { labelSeparator } from '../forms/labelSeparator';
import { ELAPSED_MS_FIELD, HONEYPOT_FIELD } from '../forms/spamFields';

const DRAFT_PREFIX = 'unstuck:draft:';
/** Fields the form carries for the server, not answers: never validated, never kept in a draft. */
const HIDDEN_FIELDS = ['id', ELAPSED_MS_FIELD, HONEYPOT_FIELD];

export function enhanceForm(form: HTMLFormElement, schema: FormSchema<unknown>): void {
  const summary = form.querySelector<HTMLElement>('.error-summary')!;
  const summaryText = summary.querySelector<HTMLElement>('.error-summary__text')!;
  const summaryList = summary.querySelector<HTMLUListElement>('.error-summary__list')!;
  const status = form.querySelector<HTMLElement>('.form-status')!;
  const draftStatus = form.querySelector<HTMLElement>('.draft-status')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const idInput = form.querySelector<HTMLInputElement>('input[name="id"]')!;
  const elapsedInput = form.querySelector<HTMLInputElement>(`input[name="${ELAPSED_MS_FIELD}"]`)!;
  const honeypot = form.querySelector<HTMLInputElement>(`input[name="${HONEYPOT_FIELD}"]`)!;
  const draftKey = form.dataset.draft ? `${DRAFT_PREFIX}${location.pathname}${form.id}` : undefined;
  const touched = new Set<string>();
  let submitted = false;
  /** performance.now() at the first edit in this page view: monotonic, so no clock setting can skew it. */
  let firstEditAt: number | undefined;

  form.noValidate = true;
  idInput.value ||= crypto.randomUUID();
  const noteEdit = () => {
    firstEditAt ??= performance.now();
  };
  form.addEventListener('input', noteEdit);
  form.addEventListener('change', noteEdit);

  // Back and Forward can show this page again just as it was left, sent answers and all
  // (Chrome's back/forward cache): whatever is sent from it now is a new submission.
  addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    idInput.value = crypto.randomUUID();
    firstEditAt = undefined;
    submit.disabled = false;
    status.textContent = '';
  });

  const values = (): Record<string, unknown> => {
    const data: Record<string, unknown> = {};
    for (const [name, value] of new FormData(form)) {
      if (HIDDEN_FIELDS.includes(name)) continue;
      data[name] = value instanceof File && value.size === 0 && !value.name ? undefined : value;
    }
    return data;
  };

  const validate = (): FieldErrors => {
    const result = schema.validate(values());
    return result.ok ? {} : result.errors;
  };

  /** Shows the errors of the given fields (all when `only` is absent) and clears the rest. */
  const showFieldErrors = (errors: FieldErrors, only?: Set<string>) => {
    for (const wrapper of form.querySelectorAll<HTMLElement>('[data-field]')) {
      const name = wrapper.dataset.field!;
      if (only && !only.has(name)) continue;
      const messages = errors[name];
      const errorEl = wrapper.querySelector<HTMLElement>('.field__error');
      const controls = wrapper.querySelectorAll<HTMLInputElement>('input, select, textarea');
      if (errorEl) {
        errorEl.textContent = messages?.join(' ') ?? '';
        errorEl.hidden = !messages;
      }
      wrapper.classList.toggle('field--invalid', Boolean(messages));
      for (const control of controls) {
        if (messages) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    }
  };

  const showSummary = (errors: FieldErrors, text: string) => {
    summaryList.replaceChildren(
      ...Object.entries(errors).map(([name, messages]) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `#${fieldId(name)}`;
        const label = labelOf(name);
        link.textContent = label ? `${label}${labelSeparator(label)}${messages.join(' ')}` : messages.join(' ');
        item.append(link);
        return item;
      }),
    );
    summaryText.textContent = text;
    summary.hidden = false;
    summary.focus();
  };

  /**
   * The label a field shows (its <label> or, for a group, its <legend>), all of its text, the
   * checkbox's inside its <span> included, without the required or optional marker; undefined
   * for a problem with the form as a whole.
   */
  const labelOf = (name: string) => {
    const label = form.querySelector(`[data-field="${CSS.escape(name)}"]`)?.querySelector('legend, label');
    if (!label) return undefined;
    const shown = label.cloneNode(true) as Element;
    for (const extra of shown.querySelectorAll('.required, .optional, input, select, textarea')) extra.remove();
    return shown.textContent?.replace(/\s+/g, ' ').trim() || undefined;
  };

  const hideSummary = () => {
    summary.hidden = true;
    summaryList.replaceChildren();
  };

  // Validate a field when the client leaves it, and keep re-checking fields already shown as wrong.
  form.addEventListener('focusout', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (!name || name === 'id') return;
    touched.add(name);
    showFieldErrors(validate(), submitted ? undefined : touched);
  });
  form.addEventListener('input', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && form.querySelector(`[data-field="${CSS.escape(name)}"].field--invalid`)) {
      showFieldErrors(validate(), submitted ? undefined : touched);
    }
    saveDraft();
  });

  // Drafts: everything but files, kept in this browser only, until the coach has the answers.
  let draftTimer: number | undefined;
  function saveDraft() {
    if (!draftKey) return;
    clearTimeout(draftTimer);
    draftTimer = window.setTimeout(() => {
      const draft: Record<string, string[]> = {};
      for (const [name, value] of new FormData(form)) {
        if (typeof value === 'string' && !HIDDEN_FIELDS.includes(name)) (draft[name] ??= []).push(value);
      }
      try {
        localStorage.setItem(draftKey, JSON.stringify({ savedAt: new Date().toISOString(), draft }));
        draftStatus.hidden = false;
        draftStatus.textContent = 'Draft saved on this device. You can close the page and come back to it.';
      } catch {
        // Storage full or disabled: the form still works, there is just no draft.
      }
    }, 400);
  }

  function restoreDraft() {
    if (!draftKey) return;
    let saved: { savedAt: string; draft: Record<string, string[]> } | undefined;
    try {
      saved = JSON.parse(localStorage.getItem(draftKey) ?? 'null') ?? undefined;
    } catch {
      saved = undefined;
    }
    if (!saved) return;
    for (const [name, list] of Object.entries(saved.draft)) {
      const controls = form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
      for (const control of controls) {
        if (control.type === 'checkbox' || control.type === 'radio') control.checked = list.includes(control.value);
        else if (control.type !== 'file') control.value = list[0] ?? '';
      }
    }
    draftStatus.hidden = false;
    draftStatus.textContent = `Welcome back: your draft from ${new Date(saved.savedAt).toLocaleString()} is filled in. Files need to be chosen again.`;
  }
  // Start time zone pickers at the zone this browser is in; a restored draft may override it.
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-timezone]')) {
    if ([...select.options].some((option) => option.value === browserZone)) select.value = browserZone;
  }
  restoreDraft();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submitted = true;
    const errors = validate();
    showFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      const count = Object.keys(errors).length;
      showSummary(errors, count === 1 ? 'One answer needs another look:' : `${count} answers need another look:`);
      return;
    }
    hideSummary();
    submit.disabled = true;
    status.textContent = 'Sending…';
    // A restored draft sent without a single edit took no time in this page view.
    elapsedInput.value = String(firstEditAt === undefined ? 0 : Math.round(performance.now() - firstEditAt));
    let response: Response;
    try {
      response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
    } catch {
      submit.disabled = false;
      status.textContent = '';
      showSummary({}, 'Your answers could not be sent: the connection failed. Everything you typed is still here; please check your connection and press Send again.');
      return;
    }
    submit.disabled = false;
    status.textContent = '';
    const body = (await response.json().catch(() => ({}))) as { id?: string; errors?: FieldErrors; error?: { message?: string } };
    if (response.status === 201 && body.id) {
      // A filled trap is held as spam, though answered like the rest: the draft is all there is.
      if (draftKey && !honeypot.value.trim()) {
        clearTimeout(draftTimer); // a save still pending from the last keystrokes would bring the draft back
        localStorage.removeItem(draftKey);
      }
      status.textContent = 'Sent. Thank you!';
      location.assign(`${form.dataset.thanks}?ref=${encodeURIComponent(body.id)}`);
      return;
    }
    if (response.status === 422 && body.errors) {
      showFieldErrors(body.errors);
      showSummary(body.errors, 'Nothing was sent yet. Please check:');
      return;
    }
    const message = body.error?.message ?? 'Something went wrong on our side.';
    showSummary({}, `${message} Everything you typed is still here; press Send to try again.`);
  });
}
