/**
 * Vite config of the playground: `npm run web` serves it, `npm run build:web` writes a static
 * site to `web-dist/` at the repo root. The page imports the library from `../src` directly,
 * so the playground always runs the code in this checkout.
 *
 * Both the dev server and `vite preview` send the cross-origin isolation headers: with them
 * the page gets `crossOriginIsolated === true`, which browsers require for SharedArrayBuffer
 * (WebAssembly threads). A static host reads the same headers from `public/_headers`
 * (Netlify, Cloudflare Pages); other hosts need them set in their own configuration.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** COOP + COEP: what makes a page cross-origin isolated. */
export const isolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: webDir,
  // Relative asset URLs, so the built site works from any sub-path of a static host.
  base: './',
  publicDir: 'public',
  server: {
    headers: isolationHeaders,
    // The page imports ../src and files from node_modules, outside web/.
    fs: { allow: [repoRoot] },
  },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../web-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
