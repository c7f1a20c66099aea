/**
 * A Netlify build plugin kept in this repository (netlify.toml lists it under [[plugins]]). Before
 * the build command, it reads the published blog comments from Netlify Blobs into
 * .netlify/published-comments.json, which the site's build then reads: Netlify gives its Blobs
 * access to build plugins only, never to the build command. docs/decisions/012-comments.md.
 *
 * Plain JavaScript, an ES module (package.json says "type": "module"), so @netlify/build loads it
 * as it is; the TypeScript it imports runs on the build's Node 24, which strips the types. A .ts
 * entry would make @netlify/build compile it with ts-node instead.
 */
import { writePublishedComments } from '#integrations/comments/writePublishedComments.ts';

// @netlify/build runs each plugin in its own process, in the build folder, with the Blobs context in its environment.
export const onPreBuild = ({ utils }) => writePublishedComments({ env: process.env, root: process.cwd(), build: utils.build, log: console });
