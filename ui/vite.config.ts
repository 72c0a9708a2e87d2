import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri serves the built UI from ui/dist (tauri://localhost) and, in development,
// loads the dev server at http://localhost:1420 (tauri.conf.json devUrl).
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The Tauri webviews (WebView2, WebKitGTK, WKWebView) are all recent.
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
