/**
 * Lets `npm start` start while a content file has a mistake. Astro's glob loader stops the
 * whole dev server when a file fails on its first load (a YAML error, a field the schema
 * refuses), though after that it only logs a failed reload and keeps the last good version.
 * Wrapped by this, the first load under `npm start` leaves such a file out instead; the
 * content check (integrations/contentCheck.ts) then shows its mistake at its address, and the
 * loader's own watcher takes the file in once it is fixed. Builds (no watcher) are unchanged:
 * they must stop.
 *
 * `entryTypes` is not part of Astro's public loader context, but the glob loader reads the
 * frontmatter through it (astro/dist/content/loaders/glob.js, Astro 7.3), so the YAML is
 * caught there.
 */
import type { Loader, LoaderContext } from 'astro/loaders';

interface EntryType {
  getEntryInfo(params: { contents: string; fileUrl: URL }): Promise<{ data: Record<string, unknown>; body: string }> | { data: Record<string, unknown>; body: string };
}

/** What a left-out file parses to, so that storing it can be skipped. */
const LEFT_OUT = Symbol('left out until fixed');

export function startDespiteMistakes(loader: Loader): Loader {
  return {
    ...loader,
    load: async (context) => {
      if (!context.watcher) return loader.load(context);
      let starting = true;
      const entryTypes = (context as LoaderContext & { entryTypes?: Map<string, EntryType> }).entryTypes;
      const lenientTypes = new Map(
        [...(entryTypes ?? [])].map(([ext, type]) => [
          ext,
          {
            ...type,
            getEntryInfo: async (params: { contents: string; fileUrl: URL }) => {
              try {
                return await type.getEntryInfo(params);
              } catch (error) {
                if (!starting) throw error;
                return { data: { [LEFT_OUT]: true }, body: '' };
              }
            },
          },
        ]),
      );
      const store = new Proxy(context.store, {
        get(target, property) {
          if (property === 'set') return (entry: { data: unknown }) => (entry.data === LEFT_OUT ? false : target.set(entry as Parameters<typeof target.set>[0]));
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const parseData = (async (props: Parameters<LoaderContext['parseData']>[0]) => {
        if (starting && LEFT_OUT in props.data) return LEFT_OUT;
        try {
          return await context.parseData(props);
        } catch (error) {
          if (!starting) throw error;
          return LEFT_OUT;
        }
      }) as LoaderContext['parseData'];
      try {
        await loader.load({ ...context, store, parseData, ...(entryTypes ? { entryTypes: lenientTypes } : {}) } as LoaderContext);
      } finally {
        starting = false;
      }
    },
  };
}
