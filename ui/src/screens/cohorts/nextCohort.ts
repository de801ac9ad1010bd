// The name of the cohort after this one: "21天写作营 第3期" → "21天写作营 第4期", "写作营9期" →
// "写作营10期", "第三期" → "第四期"; a name without a number before 期 is kept as it is.
const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function cnToNumber(s: string): number | null {
  if (s === '十') return 10
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s)
  if (m) return (m[1] ? CN.indexOf(m[1]) : 1) * 10 + (m[2] ? CN.indexOf(m[2]) : 0)
  return s.length === 1 && CN.indexOf(s) > 0 ? CN.indexOf(s) : null
}
function numberToCn(n: number): string {
  if (n < 10) return CN[n]
  if (n === 10) return '十'
  if (n < 20) return `十${CN[n % 10]}`
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`
}

export function nextCohortName(name: string): string {
  const digits = /(\d+)(\s*期)(?!.*\d\s*期)/.exec(name)
  if (digits) return name.slice(0, digits.index) + String(Number(digits[1]) + 1) + name.slice(digits.index + digits[1].length)
  const cn = /([一二三四五六七八九十]+)(期)(?!.*期)/.exec(name)
  const n = cn ? cnToNumber(cn[1]) : null
  if (cn && n !== null && n < 99) return name.slice(0, cn.index) + numberToCn(n + 1) + name.slice(cn.index + cn[1].length)
  return name
}
