import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, layersFrom, sourceFiles, unplaced, upwardImports, type Edge } from '../support/importGraph.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LAYERS = layersFrom(readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8'));
const GRAPH = importGraph(ROOT);


describe('the layers of docs/architecture.md', () => {
  it('are read from the document, lowest first', () => {
    expect(LAYERS.map((layer) => layer.name)).toEqual(['site', 'kernel', 'shared homes', 'pipeline', 'capabilities', 'desk', 'composition', 'entry points', 'tests']);
  });

  it('place every source file of the project', () => {
    expect(unplaced(sourceFiles(ROOT), LAYERS)).toEqual([]);
  });

  it('are never climbed: no file imports from a layer above its own', () => {
    expect(GRAPH.length).toBeGreaterThan(500);
    expect(upwardImports(GRAPH, LAYERS)).toEqual([]);
  });

  it('hold no import circle anywhere', () => {
    expect(importCircles(GRAPH)).toEqual([]);
  });
});

describe('the layer check', () => {
  // The kinds of upward import the house had before the layers were written down (issue 17).
  const BAD: Edge[] = [
    { from: 'netlify/server/submissions/handleSubmission.ts', to: 'netlify/server/desk/router.ts' },
    { from: 'netlify/server/submissions/notify.ts', to: 'netlify/server/loop/startLoop.ts' },
    { from: 'netlify/server/checkIn/checkInPages.ts', to: 'netlify/server/desk/layout.ts' },
    { from: 'netlify/server/my/myPage.ts', to: 'netlify/server/desk/deskDeps.ts' },
    { from: 'netlify/server/comments/commentDeps.ts', to: 'netlify/server/desk/deskDeps.ts' },
    { from: 'netlify/server/emails/morningSummary.ts', to: 'netlify/server/desk/routes/client.ts' },
    { from: 'netlify/server/emails/worthReading.ts', to: 'netlify/server/desk/library.ts' },
    { from: 'netlify/server/emails/submissionEmails.ts', to: 'netlify/server/loop/loopStore.ts' },
    { from: 'netlify/server/summary/stuckSection.ts', to: 'netlify/server/desk/routes/stuck.ts' },
    { from: 'netlify/server/env.ts', to: 'netlify/server/desk/deskStore.ts' },
    { from: 'netlify/server/log.ts', to: 'local/runtime.ts' },
    { from: 'src/pages/index.astro', to: 'netlify/server/env.ts' },
  ];

  it('fails on each kind of upward import the house once had', () => {
    for (const edge of BAD) expect(upwardImports([edge], LAYERS), `${edge.from} → ${edge.to}`).toHaveLength(1);
  });

  it('fails on a deliberate bad import added to the real graph', () => {
    const bad = { from: 'netlify/server/submissions/notify.ts', to: 'netlify/server/desk/router.ts' };
    expect(upwardImports([...GRAPH, bad], LAYERS)).toEqual([`${bad.from} (pipeline) imports ${bad.to} (desk)`]);
  });

  it('finds a circle, type-only imports included, as the router and its routes once made', () => {
    const circle: Edge[] = [
      { from: 'netlify/server/desk/router.ts', to: 'netlify/server/desk/routes/client.ts' },
      { from: 'netlify/server/desk/routes/client.ts', to: 'netlify/server/desk/router.ts' },
    ];
    const found = importCircles([...GRAPH, ...circle]);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual(expect.arrayContaining(['netlify/server/desk/router.ts', 'netlify/server/desk/routes/client.ts']));
  });
});
