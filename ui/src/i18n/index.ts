import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import type { Lang } from '../bindings'

export const messages = { 'zh-CN': zhCN, en }

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
  // Placeholders such as {期} in help texts are literal, not message parameters.
  warnHtmlMessage: false,
  missingWarn: false,
  fallbackWarn: false,
})

export function setLocale(lang: Lang) {
  i18n.global.locale.value = lang
  document.documentElement.lang = lang
}
