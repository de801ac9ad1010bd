// Copies text for pasting into WeChat: through the Tauri clipboard plugin (the system clipboard,
// which outlives the webview's focus), else the web Clipboard API, else a selected text area.
import { writeText } from '@tauri-apps/plugin-clipboard-manager'

export async function copyText(text: string): Promise<void> {
  try {
    await writeText(text)
    return
  } catch {
    // Not inside Tauri (the UI unit tests, a browser preview): fall back below.
  }
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const ta = document.createElement('textarea')
    ta.value = text
    document.body.appendChild(ta)
    ta.select()
    document.execCommand('copy')
    ta.remove()
  }
}
