import { collectTags, tagSlug, type TagCount } from './tags';

interface Themed {
  data: { themes: readonly string[] };
}

/** Every theme of the given inquiries, most used first; themes are grouped by slug as tags are. */
export function collectThemes(inquiries: readonly Themed[]): TagCount[] {
  return collectTags(inquiries.map(({ data }) => ({ data: { tags: data.themes } })));
}

/** The inquiries touching a theme, matched by slug. */
export function inquiriesWithTheme<T extends Themed>(inquiries: readonly T[], slug: string): T[] {
  return inquiries.filter((inquiry) => inquiry.data.themes.some((theme) => tagSlug(theme) === slug));
}

/** The address of a theme's page of inquiries. */
export const themePath = (theme: string) => `/inquiries/themes/${tagSlug(theme)}/`;
