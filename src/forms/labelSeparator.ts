/**
 * What goes between a field's label and a message about it in a list of problems: a colon after
 * a plain label ("Your email: Please enter…"), a space after one that ends a sentence or asks a
 * question ("What gets in the way? Please fill this in."), never "?:".
 */
export function labelSeparator(label: string): string {
  return /[?.!:]$/.test(label.trim()) ? ' ' : ': ';
}
