import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// The app freezes Object.prototype (tauri.conf.json: security.freezePrototype). ECharts' scheduler
// fills a mock object by assigning every method name of a class to it, `constructor` included;
// with the prototype frozen that assignment throws in strict code ("Attempted to assign to
// readonly property") and no chart module loads. Defining the property instead of assigning it
// does what ECharts meant without touching the prototype. The build stops if the code changes.
function echartsOnFrozenPrototype(): Plugin {
  const assign = 'target[name_1] = noop;'
  return {
    name: 'qunzhu:echarts-frozen-prototype',
    transform(code, id) {
      if (!id.split('?')[0].replace(/\\/g, '/').endsWith('echarts/lib/core/Scheduler.js')) return null
      if (!code.includes(assign)) this.error('echarts/lib/core/Scheduler.js changed: review the frozen-prototype fix in vite.config.ts')
      return code.replace(assign, 'Object.defineProperty(target, name_1, { value: noop, writable: true, enumerable: true, configurable: true });')
    },
  }
}

// The UI is served by Tauri from ui/dist; `vite` alone serves it for `tauri dev`.
export default defineConfig({
  plugins: [vue(), echartsOnFrozenPrototype()],
  // `vite` (tauri dev) pre-bundles echarts with its own plugin list: the fix goes there too.
  optimizeDeps: { rolldownOptions: { plugins: [echartsOnFrozenPrototype()] } },
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: { target: 'safari15', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
})
