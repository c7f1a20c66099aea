import { getCollection, type CollectionEntry } from 'astro:content';
import { buildPublishOptions, isPublished } from './isPublished';
import { sortPosts } from './sortPosts';

/**
 * The published entries of each collection, the only way pages read content, so the
 * draft/scheduled rule in isPublished applies everywhere alike.
 */
export async function getPublishedPosts(): Promise<CollectionEntry<'blog'>[]> {
  const options = buildPublishOptions();
  return sortPosts(await getCollection('blog', (post) => isPublished(post, options)));
}

export async function getPublishedExercises(): Promise<CollectionEntry<'exercises'>[]> {
  const options = buildPublishOptions();
  const exercises = await getCollection('exercises', (entry) => isPublished(entry, options));
  return exercises.sort((a, b) => a.data.title.localeCompare(b.data.title));
}

export async function getPublishedInquiries(): Promise<CollectionEntry<'inquiries'>[]> {
  const options = buildPublishOptions();
  const inquiries = await getCollection('inquiries', (entry) => isPublished(entry, options));
  return inquiries.sort((a, b) => a.data.question.localeCompare(b.data.question));
}
