// Switching the UI language: messages, <html lang>, the window title, and the stored setting
// (which also decides the language of error messages from the core).
import { getCurrentWindow } from '@tauri-apps/api/window'
import { call } from '../api'
import { setLocale } from '../i18n'
import { appState } from '../state'
import type { Lang } from '../bindings'

/** Shows the UI in `lang` without storing it (used at start with the stored language). */
export async function applyLang(lang: Lang) {
  setLocale(lang)
  try {
    await getCurrentWindow().setTitle(lang === 'en' ? 'Qunzhu 群主' : '群主 Qunzhu')
  } catch {
    /* the title is cosmetic */
  }
}

/** The user picked a language: show it and remember it. */
export async function changeLang(lang: Lang) {
  await applyLang(lang)
  await call('set_lang', { lang })
  if (appState.info) appState.info.lang = lang
}
