import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { SITE } from '../site.config';
import { getPublishedPosts } from '../utils/collections';

export const GET: APIRoute = async ({ site }) => {
  const posts = await getPublishedPosts();
  return rss({
    title: `${SITE.name} blog`,
    description: SITE.tagline,
    site: site ?? SITE.url,
    items: posts.map((post) => ({
      title: post.data.title,
      description: post.data.description,
      pubDate: post.data.pubDate,
      link: `/blog/${post.id}/`,
      categories: post.data.tags,
      author: `${SITE.contactEmail} (${post.data.author})`,
    })),
    customData: `<language>${SITE.locale}</language>`,
  });
};
