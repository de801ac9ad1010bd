import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The UI is served by Tauri from ui/dist; `vite` alone serves it for `tauri dev`.
export default defineConfig({
  plugins: [vue()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: { target: 'safari15', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
})
