// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { SITE } from './src/site.config.ts';
import { catalogIntegration } from './integrations/catalog.ts';
import { contentCheckIntegration } from './integrations/contentCheck.ts';
import { libraryIntegration } from './integrations/library.ts';
import { localNetlify } from './local/integration.ts';
import { productionEnvCheck } from './integrations/productionEnv.ts';
import { publishedCommentsIntegration } from './integrations/publishedComments.ts';
import { searchIndexIntegration } from './integrations/searchIndex.ts';
import { securityHeadersIntegration } from './integrations/securityHeaders.ts';
import { onBuildLog } from './integrations/buildLog.ts';

export default defineConfig({
  site: process.env.URL ?? SITE.url,
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [productionEnvCheck(), publishedCommentsIntegration(), contentCheckIntegration(), catalogIntegration(), libraryIntegration(), securityHeadersIntegration(), searchIndexIntegration(), localNetlify(), mdx(), sitemap({ filter: (page) => !/\/(thanks|exercises\/filter)\//.test(page) })],
  // Stylesheets as files, never inline <style>, so the Content-Security-Policy can forbid inline styles.
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Scripts as files too, however small (Vite inlines a script under 4 kB): the CSP forbids inline scripts.
  // One harmless bundler warning per MDX file, about a marker of Astro's own, is left out of the log.
  vite: { build: { assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined), rolldownOptions: { onLog: onBuildLog } } },
  devToolbar: { enabled: false },
  server: { port: Number(process.env.PORT ?? 4321), host: '127.0.0.1' },
});
