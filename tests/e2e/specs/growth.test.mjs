// The growth ledger in the real window: a cohort with no sign-ups says what to do; the 小鹅通
// order sheet (GBK) goes through the preview into it; the KPI cards, the channel funnel and the
// referrer ranking follow from it; a cost is added, deleted to the trash and brought back; a
// completion rule is set on the cohort; the 复盘 shows cost per graduate.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { launch, byTestId, choose, shot, type, click, texts, waitMessage, cli, root } from '../lib.mjs'

const sheet = path.join(root, 'src-tauri/core/tests/fixtures/growth/xiaoe-orders-gbk.csv')
const COHORT = '写作营7期'
let app
let cohortId
function run(dir, ...args) {
  const r = spawnSync(cli, ['--data-dir', dir, ...args], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}
before(async () => {
  app = await launch('growth', (dir) => {
    run(dir, 'cohorts', 'add', '--name', COHORT, '--start', '2026-03-01', '--end', '2026-03-28')
    run(dir, 'members', 'add', '--name', '张伟', '--phone', '13900000009')
  })
  cohortId = JSON.parse(run(app.dataDir, 'cohorts', 'list', '--json')).find((c) => c.name === COHORT).id
})
after(async () => { await app?.close() })

const kpi = async (b, key) => (await texts(b, `${byTestId(`growth-kpi-${key}`)} .value`))[0]

test('an order sheet through the preview becomes the funnel and the referrer ranking', async () => {
  const b = app.browser
  await b.url(`tauri://localhost/#/growth?cohort=${cohortId}`)
  await (await b.$(byTestId('growth-empty'))).waitForDisplayed({ timeout: 20000 })
  assert.match((await texts(b, byTestId('growth-empty')))[0], /导入小鹅通/)
  await shot(b, '90-growth-empty.png')

  await click(b, byTestId('growth-import'))
  await choose(b, app.dataDir, byTestId('order-pick'), sheet)
  const summary = await b.$(byTestId('order-summary'))
  await summary.waitForDisplayed({ timeout: 15000 })
  await b.waitUntil(async () => (await summary.getText()).includes('新报名 8'), { timeout: 10000, timeoutMsg: 'eight sign-ups in the preview' })
  assert.match(await summary.getText(), /新成员 8/)
  const modal = (await texts(b, byTestId('order-import')))[0]
  assert.match(modal, /GBK/)
  assert.match(modal, /与第 5 行是同一人/, 'the refund row folds into 刘强’s sign-up')
  await shot(b, '91-growth-import-preview.png')
  await click(b, byTestId('order-run'))
  await waitMessage(b, /已导入：新报名 8/)

  await b.waitUntil(async () => (await kpi(b, 'paid')) === '6', { timeout: 10000, timeoutMsg: 'six paying members' })
  assert.equal(await kpi(b, 'reached'), '8')
  assert.equal(await kpi(b, 'revenue'), '¥2,493.00')
  assert.equal(await kpi(b, 'costPerPaid'), '—', 'no cost recorded yet')
  const channels = (await texts(b, `${byTestId('growth-channels')} tbody tr`))
  const xhs = channels.find((r) => r.startsWith('小红书'))
  assert.ok(xhs, channels.join('\n'))
  assert.match(xhs.replace(/\s+/g, ' '), /^小红书 3 2 2 /, 'xhs, 红书 and 小红书 are one channel: 3 signed up, 2 paid, 2 joined')
  const ranking = (await texts(b, `${byTestId('growth-referrers')} tbody tr`)).map((r) => r.replace(/\s+/g, ' '))
  assert.match(ranking[0], /^1 林小雨 2 2/, ranking.join('\n'))
  await shot(b, '92-growth-funnel.png')

  // Across cohorts: the one cohort, its six paying people.
  await click(b, byTestId('growth-tab-all'))
  await (await b.$(byTestId('growth-by-cohort'))).waitForDisplayed({ timeout: 10000 })
  const cells = await texts(b, `${byTestId('growth-by-cohort')} tbody td`)
  assert.match(cells[0], new RegExp(COHORT))
  assert.deepEqual(cells.slice(1, 4), ['8', '8', '6'], 'reached, signed up, paid')
  await click(b, byTestId('growth-tab-cohort'))
  await (await b.$(byTestId('growth-costs'))).waitForDisplayed({ timeout: 10000 })
})

test('a cost: added, deleted to the trash, brought back, and counted per paying member', async () => {
  const b = app.browser
  await type(b, byTestId('cost-amount'), '300')
  await click(b, byTestId('cost-save'))
  await b.waitUntil(async () => (await kpi(b, 'costPerPaid')) === '¥50.00', { timeout: 10000, timeoutMsg: '300 / 6 paying' })
  assert.equal(await kpi(b, 'cost'), '¥300.00')
  await shot(b, '93-growth-cost.png')
  const del = await b.$(`${byTestId('growth-costs')} [data-testid^="cost-delete-"]`)
  await del.click()
  await b.waitUntil(async () => (await kpi(b, 'cost')) === '—', { timeout: 10000, timeoutMsg: 'the cost is gone' })
  await click(b, byTestId('undo-delete'))
  await b.waitUntil(async () => (await kpi(b, 'cost')) === '¥300.00', { timeout: 10000, timeoutMsg: 'undo brings the cost back' })
})

test('the completion rule decides who graduates, and the 复盘 shows cost per graduate', async () => {
  const b = app.browser
  // 林小雨 checked in three days; the rule asks for three.
  for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) run(app.dataDir, 'checkins', 'mark', '--cohort', COHORT, '--date', day, '--kind', 'checkin', '林小雨')
  await b.url(`tauri://localhost/#/cohorts/${cohortId}`)
  await (await b.$(byTestId('cohort-completion'))).waitForDisplayed({ timeout: 15000 })
  assert.match((await texts(b, byTestId('completion-summary')))[0], /不退群即结业/)
  await type(b, byTestId('completion-checkins'), '3')
  await click(b, byTestId('completion-save'))
  await b.waitUntil(async () => (await texts(b, byTestId('completion-summary')))[0].includes('打卡 ≥ 3 次'), { timeout: 10000 })
  await shot(b, '94-cohort-completion.png')

  await b.url(`tauri://localhost/#/retro?cohort=${cohortId}`)
  const section = await b.$(byTestId('retro-channels'))
  await section.waitForDisplayed({ timeout: 15000 })
  await b.waitUntil(async () => (await section.getText()).includes('每位结业成本 ¥300.00'), { timeout: 10000, timeoutMsg: 'one graduate: the whole cost' })
  assert.match(await section.getText(), /获客成本 ¥50.00/)
  await section.scrollIntoView()
  await shot(b, '95-retro-channels.png')
})
