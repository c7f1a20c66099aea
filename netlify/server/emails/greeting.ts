/**
 * The name a client is greeted by: the one they asked to be called (the intake's "What should I
 * call you?"), or else the first word of their name: "Hi Jordan," rather than "Hi Jordan Rivera,".
 */
export function greetingName({ name, preferredName }: { name: string; preferredName?: string | undefined }): string {
  return preferredName?.trim() || name.trim().split(/\s+/)[0] || name;
}
