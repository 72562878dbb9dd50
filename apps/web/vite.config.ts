import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Workspace packages resolve to their TypeScript source through the
// `@truce/source` export condition, so the browser runs the same core code
// as the server and the CLI without a separate build.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions: ['@truce/source', 'browser', 'module', 'import'] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ notes where Rollup cannot use
      // them; it drops those comments, which changes nothing.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
