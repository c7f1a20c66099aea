/** The HTML id of a field: "answers.top-values" → "field-answers-top-values". Shared by page and script. */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}
