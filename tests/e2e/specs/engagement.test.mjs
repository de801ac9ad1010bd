// Engagement and points in the real window, on the demo community: tick check-ins in the grid with
// the keyboard and see the leaderboard change, paste a WeChat list (a stranger is listed, not
// dropped), explain a member's points and adjust them with a reason, make a KOC from the
// candidates, turn the day's stars into posters, and recall a silent member.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { launch, byTestId, shot, type, click, texts, waitMessage, cli } from '../lib.mjs'

let app
before(async () => {
  app = await launch('engagement', (dir) => {
    const r = spawnSync(cli, ['--data-dir', dir, 'demo', 'load'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
  })
})
after(async () => { await app?.close() })

const COHORT = '21天写作营 第3期'
const now = new Date()
const TODAY = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`

function cliJson(...args) {
  const r = spawnSync(cli, ['--data-dir', app.dataDir, ...args, '--json'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout)
}
const todayBoard = () => cliJson('points', 'leaderboard', '--cohort', COHORT, '--period', 'day', '--date', TODAY)

test('check-ins ticked with the keyboard show on the grid and on the leaderboard', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/engagement')
  const grid = await b.$(byTestId('mark-grid'))
  await grid.waitForDisplayed({ timeout: 15000 })
  // The demo's birthday reminder would cover the grid's corner: close it, as a user would.
  const close = await b.$('.n-notification .n-base-close')
  if (await close.isExisting()) await close.click()
  await b.waitUntil(async () => (await texts(b, byTestId('grid-row'))).length > 10, { timeout: 15000, timeoutMsg: 'grid rows not drawn' })
  // Today's column is empty (the demo stops yesterday); three members ticked with Space.
  const before = todayBoard().filter((r) => r.points > 0).length
  assert.equal(before, 0)
  await b.execute(() => document.querySelector('[data-testid="mark-grid"]').focus())
  for (let i = 0; i < 3; i++) await b.keys(' ')
  await b.waitUntil(async () => (await b.$$(`[data-day="${TODAY}"].on`)).length === 3, { timeout: 10000, timeoutMsg: 'three cells not ticked' })
  // Up once and Space again unticks the third.
  await b.keys('ArrowUp')
  await b.keys(' ')
  await b.waitUntil(async () => (await b.$$(`[data-day="${TODAY}"].on`)).length === 2, { timeout: 10000, timeoutMsg: 'the cell was not unticked' })
  await b.waitUntil(() => todayBoard().filter((r) => r.points > 0).length === 2, { timeout: 10000, timeoutMsg: 'the store did not follow the grid' })
  await shot(b, '50-checkin-grid.png')

  // The leaderboard of the day shows the two on top.
  await click(b, byTestId('tab-points'))
  await click(b, `//*[@data-testid="board-period"]//label[normalize-space(.)="当日"]`)
  const ticked = todayBoard().filter((r) => r.points > 0).map((r) => r.name)
  await b.waitUntil(async () => {
    const rows = await texts(b, byTestId('board-row'))
    return rows.length > 0 && ticked.every((n) => rows.slice(0, 2).some((r) => r.includes(n)))
  }, { timeout: 10000, timeoutMsg: 'the leaderboard did not change' })
  await shot(b, '51-leaderboard-day.png')
})

test('a pasted WeChat list marks who matched and lists who did not', async () => {
  const b = app.browser
  await click(b, byTestId('tab-grid'))
  await (await b.$(byTestId('mark-grid'))).waitForDisplayed({ timeout: 10000 })
  await click(b, byTestId('kind-lecture'))
  const [a, c] = cliJson('members', 'list', '--cohort', COHORT).slice(3, 5)
  await click(b, byTestId('paste-names'))
  // Pasted, as from the clipboard: the whole 接龙 at once.
  await b.execute((text) => {
    const ta = document.querySelector('[data-testid="paste-text"] textarea')
    ta.value = text
    ta.dispatchEvent(new Event('input', { bubbles: true }))
  }, `1. @${a.name} 已听课\n2. ${c.name}\n3. 查无此人`)
  const unmatched = await b.$(byTestId('paste-unmatched'))
  await unmatched.waitForDisplayed({ timeout: 10000 })
  assert.match(await unmatched.getText(), /查无此人/)
  await click(b, byTestId('paste-apply'))
  await waitMessage(b, /已为 2 人标记/)
  const lecture = cliJson('points', 'ledger', a.name)
  assert.ok(lecture.entries.some((e) => e.rule === 'lecture' && e.day === TODAY), 'the lecture point is in the ledger')
})

test("a member's points explained, and adjusted with a reason", async () => {
  const b = app.browser
  await click(b, byTestId('tab-points'))
  await click(b, `//*[@data-testid="board-period"]//label[normalize-space(.)="本期"]`)
  const top = cliJson('points', 'leaderboard', '--cohort', COHORT)[0]
  await b.waitUntil(async () => (await texts(b, byTestId('board-row')))[0]?.includes(top.name), { timeout: 10000 })
  // The table redraws as it settles: click the first row afresh until its ledger opens.
  await b.waitUntil(async () => {
    try {
      await (await b.$(`(//*[@data-testid="board-row"])[1]//td[@data-col-key="name"]`)).click()
    } catch {
      return false
    }
    return (await b.$(byTestId('ledger-total'))).isDisplayed()
  }, { timeout: 15000, interval: 300, timeoutMsg: 'the ledger did not open' })
  const total = await b.$(byTestId('ledger-total'))
  await total.waitForDisplayed({ timeout: 10000 })
  assert.match(await total.getText(), new RegExp(`合计 ${top.points} 分`))
  assert.ok((await texts(b, byTestId('ledger-entry'))).some((e) => e.includes('打卡')), 'entries say what earned them')
  await type(b, byTestId('adjust-points'), '5')
  await type(b, byTestId('adjust-reason'), '帮忙整理了课程笔记')
  await click(b, byTestId('adjust-save'))
  await b.waitUntil(async () => new RegExp(`合计 ${top.points + 5} 分`).test(await total.getText()), { timeout: 10000, timeoutMsg: 'total did not change' })
  assert.ok((await texts(b, byTestId('ledger-entry')))[0].includes('帮忙整理了课程笔记'))
  await shot(b, '52-ledger.png')
  await b.keys(['Escape'])
})

test('KOC candidates with the why; one click makes a KOC; the day stars become posters', async () => {
  const b = app.browser
  await click(b, byTestId('tab-koc'))
  await b.waitUntil(async () => (await texts(b, byTestId('koc-card'))).length > 3, { timeout: 15000, timeoutMsg: 'no candidates' })
  const why = await texts(b, byTestId('koc-why'))
  assert.match(why[0], /打卡 \d+/)
  await shot(b, '53-koc.png')
  const card = await b.$(`(//*[@data-testid="koc-card"][.//*[@data-testid="make-koc"]])[1]`)
  const name = (await (await card.$('strong')).getText()).trim()
  await (await card.$(byTestId('make-koc'))).click()
  await waitMessage(b, new RegExp(`已任命 ${name} 为KOC`))
  const member = cliJson('members', 'list', '--cohort', COHORT).find((m) => m.name === name)
  assert.ok(member, name)
  await click(b, `(//*[@data-testid="award-poster"])[1]`)
  await b.waitUntil(async () => (await texts(b, '.pick-item.active')).some((t) => t.includes('今日之星')), { timeout: 10000, timeoutMsg: 'posters not opened' })
  await b.waitUntil(async () => (await texts(b, byTestId('poster-pick'))).join('').length > 1, { timeout: 10000, timeoutMsg: 'stars not picked' })
})

test('a silent member: the recall message copied with the name, the contact noted', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/engagement?tab=recall')
  await b.waitUntil(async () => (await texts(b, byTestId('silent-row'))).length > 0, { timeout: 15000, timeoutMsg: 'no silent members in the demo' })
  const first = (await texts(b, byTestId('silent-row')))[0]
  await click(b, `(//*[@data-testid="recall-copy"])[1]`)
  await waitMessage(b, /已复制给/)
  const pasted = spawnSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5000 }).stdout
  const name = first.split('\n')[0].trim()
  assert.ok(pasted.startsWith(`@${name} `), `${pasted} should greet ${name}`)
  await click(b, `(//*[@data-testid="recall-contacted"])[1]`)
  await b.waitUntil(async () => (await texts(b, byTestId('contacted'))).length > 0, { timeout: 10000, timeoutMsg: 'contact not noted' })
  await shot(b, '54-recall.png')

  // Several at once: tick two, copy one group message @-mentioning both, note both contacted.
  const rows = await texts(b, byTestId('silent-row'))
  assert.ok(rows.length >= 3, `the demo has several silent members: ${rows.length}`)
  {
    const names = rows.slice(1, 3).map((r) => r.split('\n')[0].trim())
    await click(b, `(//*[@data-testid="recall-pick"])[2]`)
    await click(b, `(//*[@data-testid="recall-pick"])[3]`)
    await click(b, byTestId('recall-copy-all'))
    await waitMessage(b, /2 人的 @ 名单/)
    const group = spawnSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5000 }).stdout
    assert.ok(group.startsWith(`@${names[0]} @${names[1]} `), group)
    const before = (await texts(b, byTestId('contacted'))).length
    await click(b, byTestId('recall-contacted-all'))
    await waitMessage(b, /已记下联系了 2 人/)
    await b.waitUntil(async () => (await texts(b, byTestId('contacted'))).length === before + 2, { timeout: 10000, timeoutMsg: 'the two were not noted' })
  }
})

test("an activity's attendance from a pasted list: who matched is marked 已参加, a stranger is named", async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/engagement?tab=activities')
  await click(b, byTestId('add-activity'))
  await type(b, byTestId('activity-title'), '周四连麦分享')
  await click(b, byTestId('activity-save'))
  await b.waitUntil(async () => (await texts(b, byTestId('activity-item'))).some((t) => t.includes('周四连麦分享')), { timeout: 10000, timeoutMsg: 'the activity was not added' })
  const [x, y] = cliJson('members', 'list', '--cohort', COHORT).slice(0, 2)
  await click(b, byTestId('activity-paste'))
  // Pasted, as from the clipboard: the 接龙 of who came.
  await (await b.$(`${byTestId('paste-text')} textarea`)).waitForDisplayed({ timeout: 10000 })
  await b.execute((text) => {
    const ta = document.querySelector('[data-testid="paste-text"] textarea')
    ta.value = text
    ta.dispatchEvent(new Event('input', { bubbles: true }))
  }, `1. ${x.name}\n2. ${y.name}\n3. 路人甲`)
  const preview = await b.$(byTestId('paste-preview'))
  await b.waitUntil(async () => (await preview.isExisting()) && /已匹配 2 人/.test(await preview.getText()), { timeout: 10000, timeoutMsg: 'the list was not matched' })
  assert.match(await (await b.$(byTestId('paste-unmatched'))).getText(), /路人甲/)
  await click(b, byTestId('activity-paste-apply'))
  await waitMessage(b, /已把 2 人标为「已参加」/)
  // The funnel: both attended (and so signed up, replied and were reached).
  const attended = async () => (await texts(b, `${byTestId('funnel')} .stage`)).find((t) => t.startsWith('已参加')) ?? ''
  await b.waitUntil(async () => /已参加\s*2\b/.test(await attended()), { timeout: 10000, timeoutMsg: `funnel: ${await attended()}` })
  await shot(b, '55c-activity-attendance.png')
})
