/** The first paragraph of a text, shortened to `max` characters: lists show what each item is about, its page the whole. */
export function summary(text: string, max = 200): string {
  const first = text.split(/\n\s*\n/, 1)[0].trim();
  return first.length <= max ? first : `${first.slice(0, max - 1).trimEnd()}…`;
}
