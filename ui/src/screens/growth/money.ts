// Yuan as the growth screens show it: amounts arrive as numbers of yuan (exact to the fen).
export const yuan = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `¥${v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
export const rate = (n: number, of: number) => (of > 0 ? `${((n / of) * 100).toFixed(1)}%` : '—')
