/**
 * Programs and scripts hidden inside a document's zip. A document never needs one; any of these
 * is refused, whatever folder it sits in.
 */
const EXECUTABLE_EXTENSIONS = new Set([
  // Windows programs, libraries, installers and shortcuts
  'exe', 'dll', 'com', 'scr', 'pif', 'cpl', 'msi', 'msp', 'msc', 'lnk', 'reg', 'sys', 'ocx',
  // scripts Windows runs on a double click
  'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'hta',
  // other systems' programs and scripts
  'sh', 'bash', 'command', 'app', 'jar', 'apk', 'so', 'dylib', 'py', 'pl', 'rb', 'php',
]);

/** The first part whose name ends in a program's or script's extension, if any. */
export function findExecutablePart(names: readonly string[]): string | undefined {
  return names.find((name) => {
    const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
    return extension !== undefined && EXECUTABLE_EXTENSIONS.has(extension);
  });
}
