// The recall 话术 for one silent member, or for several at once as one group message that
// @-mentions each of them: "@{成员} 好久没见你…" becomes "@张三 @李四 好久没见你…"; a 话术 without
// the @ gets the @-list in front and 大家 for {成员}.
export function recallText(message: string, names: string[]): string {
  if (names.length === 1) return message.replaceAll('{成员}', names[0])
  const at = names.map((n) => `@${n}`).join(' ')
  if (message.includes('@{成员}')) return message.replace('@{成员}', at).replaceAll('@{成员}', '').replaceAll('{成员}', '大家')
  return `${at} ${message.replaceAll('{成员}', '大家')}`.trim()
}
