import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string): string => decodeURIComponent(new URL(p, import.meta.url).pathname);

const API_TARGET = 'http://127.0.0.1:3000';

/**
 * Two single-page apps live in one build: the admin app at `/` and the mobile
 * H5 app at `/h5/`. Vite's own history fallback sends every unknown path to
 * `/index.html`; client-side routes under `/h5/` must get `h5/index.html`.
 */
function h5HistoryFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? '';
    const path = url.split('?')[0] ?? '';
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml && (path === '/h5' || path.startsWith('/h5/')) && !/\.[a-z0-9]+$/i.test(path)) {
      req.url = '/h5/index.html';
    }
    next();
  };
  return {
    name: 'tongxin-h5-history-fallback',
    configureServer(server) {
      server.middlewares.use(rewrite);
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite);
    },
  };
}

/**
 * Vendor groups: big libraries get their own long-lived chunks. Priorities
 * decide which group claims a module first (groups also pull in the modules
 * their members import), so small libraries shared by both apps go to
 * `vendor` first and the admin-only / H5-only libraries never meet.
 */
const vendorGroups: Array<{ name: string; test: RegExp; priority: number }> = [
  {
    name: 'vendor',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser|@tanstack|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store|react-is|dayjs|classnames|clsx|tslib|@babel[\\/]runtime)[\\/]/,
    priority: 50,
  },
  { name: 'maplibre', test: /node_modules[\\/](maplibre-gl|@maplibre)[\\/]/, priority: 40 },
  {
    name: 'antd-mobile',
    test: /node_modules[\\/](antd-mobile|antd-mobile-icons|rc-field-form|rc-segmented|rc-util|@react-spring|@use-gesture|ahooks|@floating-ui|@rc-component[\\/]mini-decimal)[\\/]/,
    priority: 35,
  },
  { name: 'icons', test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/, priority: 30 },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component)[\\/]/, priority: 20 },
  // Code both apps share (API client, i18n dictionaries, roles, formatting).
  { name: 'shared', test: /[\\/]src[\\/](shared|i18n)[\\/]/, priority: 5 },
];

export default defineConfig({
  plugins: [react(), h5HistoryFallback()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/healthz': { target: API_TARGET },
      '/readyz': { target: API_TARGET },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API_TARGET },
      '/healthz': { target: API_TARGET },
      '/readyz': { target: API_TARGET },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1600,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        main: here('./index.html'),
        h5: here('./h5/index.html'),
      },
      output: {
        codeSplitting: {
          groups: vendorGroups,
        },
      },
    },
  },
});
