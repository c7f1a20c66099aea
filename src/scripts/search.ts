/**
 * The search page's script. Shows the search form (hidden in the HTML, which works as a map of
 * the site without JavaScript) and searches the Pagefind index in dist/pagefind/.
 *
 * What loads when: this script with the page; Pagefind's script, its WebAssembly and the
 * index's entry files when the visitor first focuses the box or searches; then only the index
 * chunks for the words searched, and each result's text (its fragment) when it is shown.
 */
import { isSearchKind, SEARCH_KINDS } from '../utils/searchKinds';

/** Written by integrations/searchIndex.ts; a path on the site, never bundled. */
const PAGEFIND_URL = '/pagefind/pagefind.js';
const RESULTS_PER_PAGE = 10;
const TYPING_PAUSE_MS = 250;

interface ResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: { kind?: string[] };
}
interface Result {
  data(): Promise<ResultData>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string, options: { filters?: Record<string, string> }): Promise<{ results: Result[] } | null>;
}

let pagefind: Promise<Pagefind> | undefined;

/** Pagefind, loaded once, on first need. */
function loadPagefind(): Promise<Pagefind> {
  pagefind ??= (import(/* @vite-ignore */ PAGEFIND_URL) as Promise<Pagefind>)
    .then(async (module) => {
      // Search on the page's own thread: a worker would have its own Content-Security-Policy,
      // and only the search page's allows WebAssembly.
      await module.options({ noWorker: true });
      return module;
    })
    .catch((error: unknown) => {
      pagefind = undefined; // let the next search try again
      throw error;
    });
  return pagefind;
}

/** The excerpt's text with Pagefind's <mark>s kept and nothing else: no markup from the index reaches the page. */
function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(excerpt, 'text/html').body;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent ?? '');
    const mark = document.createElement('mark');
    mark.textContent = node.textContent;
    return mark;
  });
}

function resultItem({ url, excerpt, meta, filters }: ResultData): HTMLLIElement {
  const kind = filters.kind?.[0];
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = url;
  link.textContent = meta.title ?? url;
  heading.append(link);
  const label = document.createElement('p');
  label.className = 'meta';
  label.textContent = kind && isSearchKind(kind) ? SEARCH_KINDS[kind].one : '';
  const text = document.createElement('p');
  text.append(...excerptNodes(excerpt));
  item.append(heading, label, text);
  return item;
}

function describe(count: number, term: string, kind: string): string {
  const what = isSearchKind(kind) ? SEARCH_KINDS[kind].many.toLowerCase() : 'results';
  if (count === 0) return `Nothing found for “${term}”. Try other words, or find things by topic below.`;
  return `${count} ${count === 1 && !isSearchKind(kind) ? 'result' : what} for “${term}”`;
}

function enhance(form: HTMLFormElement) {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const status = document.querySelector<HTMLElement>('[data-search-status]')!;
  const list = document.querySelector<HTMLOListElement>('[data-search-results]')!;
  const moreRow = document.querySelector<HTMLElement>('[data-search-more-row]')!;
  const more = document.querySelector<HTMLButtonElement>('[data-search-more]')!;
  let results: Result[] = [];
  let shown = 0;
  /** Bumped by every search, so the answer to an older one never overwrites a newer one. */
  let latest = 0;
  let pause: number | undefined;

  const kind = () => new FormData(form).get('kind')?.toString() ?? '';

  async function showMore(search: number) {
    const next = await Promise.all(results.slice(shown, shown + RESULTS_PER_PAGE).map((result) => result.data()));
    if (search !== latest) return;
    shown += next.length;
    list.append(...next.map(resultItem));
    list.hidden = shown === 0;
    moreRow.hidden = shown >= results.length;
  }

  async function search() {
    const search = ++latest;
    const term = input.value.trim();
    const chosen = kind();
    const query = new URLSearchParams({ ...(term ? { q: term } : {}), ...(chosen ? { kind: chosen } : {}) }).toString();
    history.replaceState(null, '', query ? `?${query}` : location.pathname);
    results = [];
    shown = 0;
    if (!term) {
      list.replaceChildren();
      list.hidden = moreRow.hidden = true;
      status.textContent = '';
      return;
    }
    try {
      const engine = await loadPagefind();
      const found = await engine.search(term, isSearchKind(chosen) ? { filters: { kind: chosen } } : {});
      if (search !== latest || !found) return;
      results = found.results;
      list.replaceChildren();
      await showMore(search);
      if (search === latest) status.textContent = describe(results.length, term, chosen);
    } catch {
      if (search !== latest) return;
      list.replaceChildren();
      list.hidden = moreRow.hidden = true;
      status.textContent = 'Search could not load just now. Try again in a moment, or find things by topic below.';
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(pause);
    void search();
  });
  input.addEventListener('input', () => {
    window.clearTimeout(pause);
    pause = window.setTimeout(() => void search(), TYPING_PAUSE_MS);
  });
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name === 'kind') void search();
  });
  // Start loading while the visitor types the first word.
  input.addEventListener('focus', () => void loadPagefind().catch(() => {}), { once: true });
  more.addEventListener('click', () => void showMore(latest));

  // A search can be linked to: /search/?q=habits&kind=exercise
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const linkedKind = params.get('kind') ?? '';
  const radio = form.querySelector<HTMLInputElement>(`input[name="kind"][value="${isSearchKind(linkedKind) ? linkedKind : ''}"]`);
  if (radio) radio.checked = true;
  form.hidden = false;
  if (input.value) void search();
}

const form = document.querySelector<HTMLFormElement>('form[data-search-form]');
if (form) enhance(form);
