// An ongoing group's renewals in the real window, on whatever day the suite runs (the faketime
// run puts it on 2028-02-29): a 年卡 sheet whose ends fall around today; Today lists who is due
// and who lapsed, copies a 续费话术 to the system clipboard, and 已续费 moves an end a year on,
// which 增长 counts as 续费 and the member page lists. Then a spelling is merged into a channel
// from 渠道管理 and its sign-ups count there.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { launch, byTestId, shot, click, texts, waitMessage, cli } from '../lib.mjs'

const COHORT = '年卡会员群'
const day = (n) => {
  const d = new Date()
  d.setDate(d.getDate() + n)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
/** How the 话术 writes a date: 3月8日. */
const spoken = (iso) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`
/** `iso` a year on, as 已续费 proposes it (a 2月29日 lands on 2月28日). */
const yearOn = (iso) => {
  const y = Number(iso.slice(0, 4)) + 1
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return iso.slice(5) === '02-29' && !leap ? `${y}-02-28` : `${y}${iso.slice(4)}`
}

let app
let cohortId
function run(dir, ...args) {
  const r = spawnSync(cli, ['--data-dir', dir, ...args], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}
function pasteboard() {
  const r = spawnSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5000 })
  assert.equal(r.status, 0, `xclip failed: ${r.stderr}`)
  return r.stdout
}

before(async () => {
  app = await launch('renewals', (dir) => {
    run(dir, 'cohorts', 'add', '--name', COHORT, '--start', day(-300), '--end', day(65))
    const sheet = path.join(dir, 'annual.csv')
    writeFileSync(sheet, [
      '订单号,商品名称,姓名,手机号,实付金额,支付时间,订单状态,渠道,到期时间',
      `NK001,年卡会员群,周一,13500000001,365.00,${day(-357)} 10:00:00,已支付,小红书,${day(8)}`,
      `NK002,年卡会员群,吴二,13500000002,365.00,${day(-325)} 10:00:00,已支付,公众号,${day(40)}`,
      `NK003,年卡会员群,郑三,13500000003,365.00,${day(-362)} 10:00:00,已支付,种草笔记,${day(3)}`,
      `NK004,年卡会员群,王四,13500000004,365.00,${day(-370)} 10:00:00,已支付,种草笔记,${day(-5)}`,
    ].join('\n') + '\n')
    run(dir, 'orders', 'import', sheet, '--cohort', COHORT)
  })
  cohortId = JSON.parse(run(app.dataDir, 'cohorts', 'list', '--json')).find((c) => c.name === COHORT).id
})
after(async () => { await app?.close() })

/** Picks from a filterable select by typing, as one does in a list longer than its menu. */
async function choosing(b, selector, label) {
  await click(b, selector)
  await b.keys([...label])
  // The menu just opened: an earlier select's menu may linger hidden with the same option.
  const options = `//div[contains(@class,"n-base-select-option")][normalize-space(.)="${label}"]`
  await b.waitUntil(async () => {
    for (const o of await b.$$(options)) if (await o.isDisplayed()) return o.click().then(() => true)
    return false
  }, { timeout: 10000, timeoutMsg: `no option ${label}` })
  await b.pause(150)
}

const rowOf = async (b, name) => (await texts(b, byTestId('renewal-row'))).find((r) => r.includes(name))

test('Today lists the memberships ending soon and lapsed lately; the 话术 copies as shown', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/today')
  await (await b.$(byTestId('today-renewals'))).waitForDisplayed({ timeout: 20000 })
  const rows = await texts(b, byTestId('renewal-row'))
  assert.equal(rows.length, 3, rows.join('\n'))
  assert.match(rows[0], /王四.*已过期 5 天/s, 'the lapsed first, soonest end first')
  assert.match(rows[1], /郑三.*3 天后到期/s)
  assert.match(rows[2], /周一.*8 天后到期/s)
  assert.ok(!rows.some((r) => r.includes('吴二')), '40 days away: not due yet')
  await shot(b, '96-today-renewals.png')

  const copy = await b.$$(`${byTestId('renewal-row')} [data-testid="renewal-copy"]`)
  await copy[2].click()
  await waitMessage(b, /已复制给 周一 的续费话术/)
  assert.equal(pasteboard(), `周一你好～你的「${COHORT}」会员将在 ${spoken(day(8))} 到期。续费后群内的课程、答疑和活动都不中断，回复「续费」我把链接发你～`)
})

test('已续费 moves the end a year on: off the list, counted as 续费, on the member page', async () => {
  const b = app.browser
  const open = await b.$$(`${byTestId('renewal-row')} [data-testid="renew-open"]`)
  await open[2].click()
  const end = await b.$(`${byTestId('renew-end')} input`)
  await end.waitForDisplayed({ timeout: 10000 })
  assert.equal(await end.getValue(), yearOn(day(8)), 'a year on from the current end')
  await shot(b, '97-renew-popover.png')
  await click(b, byTestId('renew-save'))
  await waitMessage(b, new RegExp(`周一 已续费，到期日延至 ${yearOn(day(8))}`))
  await b.waitUntil(async () => !(await rowOf(b, '周一')), { timeout: 10000, timeoutMsg: '周一 still due' })
  assert.ok(await rowOf(b, '郑三'), 'the others stay')

  await b.url(`tauri://localhost/#/growth?cohort=${cohortId}`)
  const renewed = byTestId('growth-kpi-renewed')
  await b.waitUntil(async () => (await texts(b, `${renewed} .value`))[0] === '1', { timeout: 15000, timeoutMsg: 'one renewal counted' })

  const zhou = JSON.parse(run(app.dataDir, 'members', 'list', '--json')).find((m) => m.name === '周一').id
  await b.url(`tauri://localhost/#/members/${zhou}`)
  const line = await b.$(byTestId('member-renewal'))
  await line.waitForDisplayed({ timeout: 15000 })
  assert.match(await line.getText(), new RegExp(`${COHORT}：到期日 ${day(8)} → ${yearOn(day(8))}`))
  await shot(b, '98-member-renewal.png')
})

test('渠道管理: a spelling merged into 小红书 counts there', async () => {
  const b = app.browser
  await b.url(`tauri://localhost/#/growth?cohort=${cohortId}`)
  const table = byTestId('growth-channels')
  const rowStarting = async (name) => (await texts(b, `${table} tbody tr`)).map((r) => r.replace(/\s+/g, ' ')).find((r) => r.startsWith(`${name} `))
  await b.waitUntil(async () => !!(await rowStarting('种草笔记')), { timeout: 15000, timeoutMsg: 'no 种草笔记 row' })
  assert.match(await rowStarting('种草笔记'), /^种草笔记 2 2 /)
  assert.match(await rowStarting('小红书'), /^小红书 1 1 /)

  await click(b, byTestId('growth-channels-manage'))
  await (await b.$(byTestId('channels-modal'))).waitForDisplayed({ timeout: 10000 })
  await choosing(b, byTestId('channel-from'), '种草笔记')
  await choosing(b, byTestId('channel-into'), '小红书')
  await shot(b, '99-channel-merge.png')
  await click(b, byTestId('channel-merge'))
  await waitMessage(b, /种草笔记.*小红书/)
  assert.match((await texts(b, byTestId('channels-modal')))[0], /种草笔记 → 小红书/)
  await b.keys(['Escape'])
  await b.waitUntil(async () => /^小红书 3 3 /.test((await rowStarting('小红书')) ?? ''), { timeout: 10000, timeoutMsg: '小红书 did not take the merged sign-ups' })
  assert.equal(await rowStarting('种草笔记'), undefined)
})
