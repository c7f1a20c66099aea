/**
 * `npm run jobs`: runs every scheduled function once, now, against the local blob store
 * (the same folder `npm start` uses), and prints what each did.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from './runtime.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runtime = await startLocalRuntime({
  root,
  dataDir: path.join(root, '.data'),
  siteUrl: `http://localhost:${process.env.PORT ?? 4321}`,
  schedule: false,
});
try {
  console.log(JSON.stringify(await runtime.runScheduled(), null, 2));
} finally {
  await runtime.close();
}
