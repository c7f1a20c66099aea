/**
 * The one script of every form page. Each form embeds its field definitions as JSON (from the
 * same module the function validates with); this adds the form's own cross-field rules and
 * enhances it. Keeping the definitions in the page keeps their help texts out of the script.
 */
import { formSchema, type FieldMap, type FormRules, type FormValues } from '../forms/fields';
import type { FormKind } from '../forms/kinds';
import { commitmentRules } from '../forms/commitment';
import { INTAKE_RULES } from '../forms/intake';
import { responseRules } from '../forms/response';
import { enhanceForm } from './enhanceForm';
import { trackSectionProgress } from './sectionProgress';

/** Rules typed for one form's answers, applied to answers typed only as "some form's". */
type AnyRules = FormRules<FormValues<FieldMap>>;

const RULES: Record<FormKind, (fields: FieldMap) => AnyRules> = {
  intake: () => INTAKE_RULES as unknown as AnyRules,
  commitment: () => commitmentRules() as unknown as AnyRules,
  response: (fields) => responseRules(Object.keys(fields)) as AnyRules,
  reflection: () => ({}),
  stuck: () => ({}),
};

for (const form of document.querySelectorAll<HTMLFormElement>('form.client-form[data-kind][data-fields]')) {
  const fields = JSON.parse(form.dataset.fields!) as FieldMap;
  enhanceForm(form, formSchema(fields, RULES[form.dataset.kind as FormKind](fields)));
}

// Arriving from an exercise or inquiry page (/homework/?exercise=slug) preselects it.
const params = new URLSearchParams(location.search);
for (const name of ['exercise', 'inquiry']) {
  const select = document.querySelector<HTMLSelectElement>(`form.client-form select[name="${name}"]`);
  const wanted = params.get(name);
  if (select && wanted && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
}

const progress = document.querySelector<HTMLProgressElement>('#intake-progress');
const intake = document.querySelector<HTMLFormElement>('#intake-form');
if (progress && intake) trackSectionProgress(intake, progress, document.querySelector('#intake-progress-label')!);
