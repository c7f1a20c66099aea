/**
 * Macros, which run code when a document is opened. Word keeps VBA in vbaProject.bin (with
 * vbaData.xml) and declares macro-enabled content types (a .docm); LibreOffice keeps Basic
 * modules under Basic/<library>/ and other scripts under Scripts/.
 */
const MACRO_PARTS = [
  /(^|\/)vbaProject\.bin$/i,
  /(^|\/)vbaData\.xml$/i,
  // A library's index files (script-lb.xml, dialog-lb.xml) can exist without a module in it.
  /^Basic\/[^/]+\/(?!script-lb\.xml$|dialog-lb\.xml$)[^/]+$/,
  /^Scripts\/.+[^/]$/,
];

export function hasMacroParts(names: readonly string[]): boolean {
  return names.some((name) => MACRO_PARTS.some((part) => part.test(name)));
}

/** [Content_Types].xml of a .docm, or of any package carrying a VBA project. */
export function declaresMacros(contentTypes: string): boolean {
  return /macroEnabled|vbaProject/i.test(contentTypes);
}
