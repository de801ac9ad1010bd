// App-wide state: facts about the installation and a counter screens watch to reload when
// the whole data set changed underneath them (demo loaded, backup restored).
import { reactive } from 'vue'
import type { AppInfo } from './bindings'

export const appState = reactive({
  info: null as AppInfo | null,
  dataVersion: 0,
})

export function dataReplaced() {
  appState.dataVersion++
}
