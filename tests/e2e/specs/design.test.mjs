// The operator's day first, on the demo community: Qunzhu opens on 今日 while a cohort runs, with
// where the day is (第 N 天 / 21, 已完成 x/y, the now-line); the current cohort chosen once in the
// sidebar is the one 打卡积分, 复盘 and 增长 show; the command palette (Ctrl K) finds a member by
// pinyin initials and a screen by name. Every Chinese screen is checked for English developer
// words, and the text on it for contrast (WCAG AA, 4.5:1; 3:1 for large text).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { launch, byTestId, shot, click, type, texts, cli, dismissNotifications, settled, confirmDialog, waitMessage } from '../lib.mjs'

let app
let cohorts
before(async () => {
  app = await launch('design', (dir) => {
    const r = spawnSync(cli, ['--data-dir', dir, 'demo', 'load'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
  })
  const r = spawnSync(cli, ['--data-dir', app.dataDir, 'cohorts', 'list', '--json'], { encoding: 'utf8' })
  cohorts = JSON.parse(r.stdout)
})
after(async () => { await app?.close() })

const RUNNING = '21天写作营 第3期'
const hash = async (b) => decodeURIComponent(new URL(await b.getUrl()).hash)

test('Qunzhu opens on 今日 while a cohort runs, and shows where the day is', async () => {
  const b = app.browser
  await b.waitUntil(async () => (await hash(b)).startsWith('#/today'), { timeout: 15000, timeoutMsg: `opened on ${await hash(b)}` })
  const phase = await b.$(byTestId('today-phase'))
  await phase.waitForDisplayed({ timeout: 10000 })
  const running = cohorts.find((c) => c.name === RUNNING)
  assert.equal(await phase.getText(), `${RUNNING} · 第 ${running.day} 天 / ${running.days}`)
  assert.match(await (await b.$(byTestId('today-progress'))).getText(), /^已完成 \d+\/\d+$/)
  assert.equal((await b.$$(byTestId('now-line'))).length, 1, 'one now-line')
  // The sidebar's current cohort is the running one.
  const [switcher] = await texts(b, byTestId('cohort-switch'))
  assert.match(switcher, new RegExp(`${RUNNING}[\\s\\S]*第 ${running.day} 天 / ${running.days}`))
  await dismissNotifications(b)
  await shot(b, '100-today-day.png')
})

test('the cohort chosen in the sidebar is the one 打卡积分, 复盘 and 增长 show', async () => {
  const b = app.browser
  const other = cohorts.find((c) => c.status === 'finished')
  assert.ok(other, 'the demo has a finished cohort')
  await click(b, byTestId('cohort-switch'))
  const option = await b.$(`//div[contains(@class,"n-base-select-option")][contains(., "${other.name}")]`)
  await option.waitForDisplayed({ timeout: 10000 })
  await shot(b, '101-cohort-switcher.png')
  await option.click()
  await b.waitUntil(async () => (await texts(b, byTestId('cohort-switch')))[0]?.includes(other.name), { timeout: 10000, timeoutMsg: 'the switcher did not change' })
  for (const [nav, path] of [['打卡积分', '#/engagement'], ['复盘', '#/retro'], ['增长', '#/growth']]) {
    await click(b, `//*[@data-testid="nav"]//*[contains(@class,"n-menu-item-content")][normalize-space(.)="${nav}"]`)
    await b.waitUntil(async () => (await hash(b)).startsWith(path) && (await hash(b)).includes(`cohort=${other.id}`), {
      timeout: 10000, timeoutMsg: `${nav} did not follow the current cohort: ${await hash(b)}`,
    })
  }
  // 复盘 shows the chosen cohort's figures.
  await b.url(`tauri://localhost/#/retro`)
  await b.waitUntil(async () => (await texts(b, byTestId('retro-metrics'))).some((t) => t.length > 0), { timeout: 15000, timeoutMsg: 'no metrics' })
  assert.ok((await hash(b)).includes(`cohort=${other.id}`))
  await shot(b, '102-retro-follows.png')
  // Back to the running cohort; the choice is kept by the core for the next start.
  const r = spawnSync(cli, ['--data-dir', app.dataDir, 'cohorts', 'list', '--json'], { encoding: 'utf8' })
  assert.equal(r.status, 0)
})

test('the command palette finds a member by pinyin initials and a screen by name', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await texts(b, '[data-testid="member-row"]')).length > 0, { timeout: 15000, timeoutMsg: 'no members' })
  await b.keys(['Control', 'k'])
  const input = await b.$(`${byTestId('palette-input')} input`)
  await input.waitForDisplayed({ timeout: 10000 })
  await shot(b, '103-palette-empty.png')
  // The core's search, as the CLI runs it: the member whose initials are ltt (李涛天 in the demo).
  const [zhang] = JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'members', 'list', '--search', 'ltt', '--json'], { encoding: 'utf8' }).stdout)
  assert.ok(zhang, 'a member found by ltt')
  await input.addValue('ltt')
  await b.waitUntil(async () => (await texts(b, byTestId('palette-item'))).some((t) => t.startsWith(zhang.name)), { timeout: 10000, timeoutMsg: 'the member was not offered' })
  await shot(b, '104-palette-member.png')
  const items = await texts(b, byTestId('palette-item'))
  const at = items.findIndex((t) => t.startsWith(zhang.name))
  for (let i = 0; i < at; i++) await b.keys(['ArrowDown'])
  await b.keys(['Enter'])
  await b.waitUntil(async () => (await hash(b)) === `#/members/${zhang.id}`, { timeout: 10000, timeoutMsg: `did not open ${zhang.name}: ${await hash(b)}` })
  // A screen by its name.
  await b.keys(['Control', 'k'])
  await (await b.$(`${byTestId('palette-input')} input`)).waitForDisplayed({ timeout: 10000 })
  await (await b.$(`${byTestId('palette-input')} input`)).addValue('生日')
  await b.waitUntil(async () => (await texts(b, byTestId('palette-item')))[0] === '生日', { timeout: 10000 })
  await b.keys(['Enter'])
  await b.waitUntil(async () => (await hash(b)).startsWith('#/birthdays'), { timeout: 10000 })
})

test('a duplicate phone is shown at the phone field, with a link to who has it', async () => {
  const b = app.browser
  const [taken] = JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'members', 'list', '--search', 'ltt', '--json'], { encoding: 'utf8' }).stdout)
  await b.url('tauri://localhost/#/members/new')
  await type(b, byTestId('member-name'), '李涛天二号')
  await type(b, byTestId('member-phone'), taken.phone)
  await click(b, byTestId('save-member'))
  const feedback = await b.$(byTestId('duplicate-feedback'))
  await feedback.waitForDisplayed({ timeout: 10000 })
  assert.match(await feedback.getText(), new RegExp(`已被“${taken.name}”使用`))
  // At the field, not in a toast over the form.
  assert.equal((await texts(b, '.n-message')).filter((t) => t.includes('已被')).length, 0)
  const link = await b.$(byTestId('open-owner'))
  assert.equal(await link.getText(), `查看${taken.name}`)
  await shot(b, '105-duplicate-phone.png')
  await link.click()
  await b.waitUntil(async () => (await hash(b)) === `#/members/${taken.id}`, { timeout: 10000, timeoutMsg: `did not open ${taken.name}` })
})

test('合并: a second record of the same person is merged into the one who has the phone, then undone', async () => {
  const b = app.browser
  const list = (q) => JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'members', 'list', '--search', q, '--json'], { encoding: 'utf8' }).stdout)
  const [taken] = list('ltt')
  // The same person typed in again by hand, with a WeChat ID, and saved.
  await b.url('tauri://localhost/#/members/new')
  await type(b, byTestId('member-name'), '李涛天')
  await type(b, byTestId('member-wechat'), 'ltt_second_2026')
  await click(b, byTestId('save-member'))
  await b.waitUntil(async () => /^#\/members\/\d+$/.test(await hash(b)), { timeout: 10000, timeoutMsg: 'the new record did not open' })
  const goneId = Number((await hash(b)).split('/').pop())
  // Then the phone is found to be taken: merge instead of saving.
  await type(b, byTestId('member-phone'), taken.phone)
  await click(b, byTestId('save-member'))
  const merge = await b.$(byTestId('merge-owner'))
  await merge.waitForDisplayed({ timeout: 10000 })
  assert.equal(await merge.getText(), `合并到${taken.name}`)
  await merge.click()
  await shot(b, '106-merge-confirm.png')
  await confirmDialog(b)
  await b.waitUntil(async () => (await hash(b)) === `#/members/${taken.id}`, { timeout: 10000, timeoutMsg: `did not open ${taken.name}` })
  await waitMessage(b, new RegExp(`已合并到「${taken.name}」`))
  await shot(b, '107-merged.png')
  const named = (q) => list(q).filter((m) => m.name === taken.name).map((m) => m.id)
  assert.deepEqual(named(taken.name), [taken.id], 'one record left')
  const kept = JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'members', 'show', String(taken.id), '--json'], { encoding: 'utf8' }).stdout)
  assert.match(kept.notes, /ltt_second_2026/, 'the second WeChat ID is kept in the notes')
  // 撤销: both records are back as they were.
  await click(b, byTestId('undo-merge'))
  await waitMessage(b, /已撤销合并/)
  await b.waitUntil(async () => (await hash(b)) === `#/members/${goneId}`, { timeout: 10000, timeoutMsg: 'the second record did not open again' })
  assert.deepEqual(named(taken.name).sort((x, y) => x - y), [taken.id, goneId].sort((x, y) => x - y))
  assert.deepEqual(list('ltt_second_2026').map((m) => m.id), [goneId])
})

test('a member page: points, check-ins and last activity at the head; 积分明细 and 打卡 as tabs', async () => {
  const b = app.browser
  const [who] = JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'members', 'list', '--search', 'ltt', '--json'], { encoding: 'utf8' }).stdout)
  const ledger = JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'points', 'ledger', String(who.id), '--json'], { encoding: 'utf8' }).stdout)
  await b.url(`tauri://localhost/#/members/${who.id}`)
  const summary = await b.$(byTestId('member-summary'))
  await summary.waitForDisplayed({ timeout: 10000 })
  assert.match(await summary.getText(), new RegExp(`积分\\s*${ledger.total}\\b`), 'the head shows the ledger total')
  assert.match(await summary.getText(), /打卡\s*\d+/)
  await click(b, `${byTestId('member-tabs')} .n-tabs-tab[data-name="ledger"]`)
  await b.waitUntil(async () => (await b.$$(`${byTestId('member-ledger')} .entry`)).length === ledger.entries.length, { timeout: 10000, timeoutMsg: 'the ledger tab does not list every entry' })
  await click(b, `${byTestId('member-tabs')} .n-tabs-tab[data-name="checkins"]`)
  const checkins = await b.$(byTestId('member-checkins'))
  await checkins.waitForDisplayed({ timeout: 10000 })
  assert.match(await checkins.getText(), /打卡 \d+\/21 天/)
  assert.match(await checkins.getText(), /最长连续 \d+ 天/)
  await shot(b, '108-member-checkins.png')
  await click(b, `${byTestId('member-tabs')} .n-tabs-tab[data-name="profile"]`)
  await (await b.$(byTestId('member-name'))).waitForDisplayed({ timeout: 10000 })
})

test('the members table: 状态, 积分 and 最近互动 chosen as columns, then sorted by points', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/members')
  await (await b.$(byTestId('member-row'))).waitForDisplayed({ timeout: 10000 })
  await click(b, byTestId('columns-choose'))
  // Ticked, whatever an earlier run left chosen (the choice is kept on this computer).
  for (const c of ['standing', 'points', 'last_active']) {
    const box = await b.$(byTestId(`column-${c}`))
    await box.waitForDisplayed({ timeout: 5000 })
    if (!(await box.getAttribute('class')).includes('n-checkbox--checked')) await box.click()
  }
  await b.keys('Escape')
  await b.waitUntil(async () => (await b.$$(byTestId('member-standing'))).length > 0, { timeout: 10000, timeoutMsg: 'no 状态 shown' })
  const pointsCell = `${byTestId('member-row')} td[data-col-key="points"]`
  // The header sorts, ascending then descending: click until the most points come first.
  const mostFirst = async () => {
    const shown = (await texts(b, pointsCell)).map(Number)
    return shown.length > 3 && shown[0] > 0 && shown.every((p, i) => i === 0 || shown[i - 1] >= p)
  }
  for (let i = 0; i < 3 && !(await mostFirst()); i++) {
    await click(b, `//th[@data-col-key="points"]`)
    await b.pause(300)
  }
  assert.ok(await mostFirst(), `not sorted by points, most first: ${(await texts(b, pointsCell)).slice(0, 8).join(' ')}`)
  const [top] = (await texts(b, pointsCell)).map(Number)
  const standings = await texts(b, byTestId('member-standing'))
  assert.ok(standings.every((s) => ['活跃', '沉默', '已退群', '待开营', '已结营', '未入期'].includes(s)), standings.join(' '))
  await shot(b, '109-members-figures.png')
  // The first row is who has the most: their ledger says so.
  await click(b, `${byTestId('member-row')} td[data-col-key="name"]`)
  await b.waitUntil(async () => /^#\/members\/\d+$/.test(await hash(b)), { timeout: 10000, timeoutMsg: 'the row did not open' })
  const id = (await hash(b)).split('/').pop()
  const ledger = JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'points', 'ledger', id, '--json'], { encoding: 'utf8' }).stdout)
  assert.equal(top, ledger.total, 'the 积分 shown is the ledger total')
})

test("a cohort's page holds its check-in grid: a cell ticked there is in the store", async () => {
  const b = app.browser
  const running = cohorts.find((c) => c.name === RUNNING)
  await b.url(`tauri://localhost/#/cohorts/${running.id}`)
  await (await b.$(byTestId('cohort-hub'))).waitForDisplayed({ timeout: 10000 })
  await click(b, `${byTestId('cohort-tabs')} .n-tabs-tab[data-name="grid"]`)
  await b.waitUntil(async () => (await b.$$(byTestId('grid-row'))).length > 5, { timeout: 15000, timeoutMsg: 'the grid is not on the cohort page' })
  // The cursor starts on today's column, first row; Space ticks it (and moves down, as ticking a list does).
  const [day, row, wasOn] = await b.execute(() => {
    const c = document.querySelector('[data-testid="mark-grid"] .cell.cursor')
    return [c.dataset.day, c.closest('[data-testid="grid-row"]').style.top, c.classList.contains('on')]
  })
  const board = () => JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'points', 'leaderboard', '--cohort', RUNNING, '--period', 'day', '--date', day, '--json'], { encoding: 'utf8' }).stdout)
  const before = board().filter((r) => r.points > 0).length
  await b.execute(() => document.querySelector('[data-testid="mark-grid"]').focus())
  await b.keys(' ')
  const isOn = () => b.execute((d, top) => [...document.querySelectorAll('[data-testid="grid-row"]')].find((r) => r.style.top === top)
    ?.querySelector(`.cell[data-day="${d}"]`)?.classList.contains('on'), day, row)
  await b.waitUntil(async () => (await isOn()) === !wasOn, { timeout: 10000, timeoutMsg: 'the cell did not toggle' })
  await b.waitUntil(() => board().filter((r) => r.points > 0).length === before + (wasOn ? -1 : 1), { timeout: 10000, timeoutMsg: 'the store did not follow the grid' })
  await shot(b, '110-cohort-grid.png')
})

test("a sign-up entered by mistake: deleted from the member's ⋯ menu, then brought back with 撤销", async () => {
  const b = app.browser
  const orders = () => JSON.parse(spawnSync(cli, ['--data-dir', app.dataDir, 'orders', 'list', '--cohort', RUNNING, '--json'], { encoding: 'utf8' }).stdout)
  const [order] = orders()
  assert.ok(order, 'the demo has sign-ups')
  await b.url(`tauri://localhost/#/members/${order.member_id}`)
  await (await b.$(byTestId('member-orders'))).waitForDisplayed({ timeout: 10000 })
  await dismissNotifications(b)
  await click(b, byTestId('order-more'))
  await click(b, byTestId('order-delete'))
  await confirmDialog(b)
  await b.waitUntil(() => !orders().some((o) => o.id === order.id), { timeout: 10000, timeoutMsg: 'the sign-up was not deleted' })
  const undo = await b.$(byTestId('undo-delete'))
  await undo.waitForDisplayed({ timeout: 10000 })
  await shot(b, '111-order-deleted.png')
  await undo.click()
  await b.waitUntil(() => orders().some((o) => o.id === order.id), { timeout: 10000, timeoutMsg: '撤销 did not bring it back' })
  await b.waitUntil(async () => (await b.$$(`${byTestId('member-orders')} tr`)).length > 0, { timeout: 10000, timeoutMsg: 'the page does not show it again' })
})

// English words a Chinese screen must not show: keys, slugs, units and Naive UI's defaults. Add
// to it whenever one is found.
const DENY = ['daily', 'weekly', 'once', 'exports', 'Please', 'pt', 'undefined', 'null', 'NaN', 'admission_letter', 'guest_talk', 'default-21day']
// Every screen, as the sidebar and the cohort's links reach it.
const SCREENS = ['today', 'engagement', 'engagement?tab=points', 'engagement?tab=koc', 'engagement?tab=activities', 'engagement?tab=recall', 'engagement?tab=chats',
  'calendar', 'birthdays', 'cohorts', 'members', 'posters', 'templates', 'growth', 'growth?tab=all', 'retro', 'retro?tab=compare', 'trash', 'settings', 'import', 'members/new']

/** Text on the page below 4.5:1 against what is behind it (3:1 at 18.66 px bold or 24 px). */
function lowContrast() {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number)
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4 }
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  }
  const blend = (top, under) => { const a = top[3] ?? 1; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)) }
  const behind = (el) => {
    const layers = []
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor)
      if (c.length >= 3 && (c[3] ?? 1) > 0) { layers.push(c); if ((c[3] ?? 1) >= 1) break }
    }
    return layers.reverse().reduce((under, top) => blend(top, under), [255, 255, 255])
  }
  const found = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const seen = new Set()
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement
    if (!el || seen.has(el) || !n.textContent.trim()) continue
    seen.add(el)
    const s = getComputedStyle(el)
    const box = el.getBoundingClientRect()
    if (box.width === 0 || box.height === 0 || s.visibility === 'hidden' || el.closest('[aria-hidden="true"], .n-button--disabled, .n-base-selection--disabled, .n-spin-content--spinning, [disabled], svg')) continue
    let opacity = 1
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity)
    const bg = behind(el)
    const fg = blend([...rgb(s.color).slice(0, 3), (rgb(s.color)[3] ?? 1) * opacity], bg)
    const [a, b] = [lum(fg), lum(bg)]
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
    const size = parseFloat(s.fontSize)
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700)
    if (ratio < (large ? 3 : 4.5)) found.push({ sig: `${ratio.toFixed(2)} ${s.color} on rgb(${bg.map(Math.round)}) ${size}px <${el.tagName.toLowerCase()} class="${el.className}">`, text: n.textContent.trim().slice(0, 24) })
  }
  return found
}

test('no Chinese screen shows an English developer word, and its text is readable', async () => {
  const b = app.browser
  const words = []
  const faint = new Map()
  for (const screen of SCREENS) {
    await b.url(`tauri://localhost/#/${screen}`)
    await b.pause(900)
    await dismissNotifications(b)
    // A fade still running would be measured half-transparent.
    await settled(b, screen)
    const text = await b.execute(() => document.body.innerText)
    for (const w of DENY) if (new RegExp(`(^|[^A-Za-z_])${w}([^A-Za-z_]|$)`).test(text)) words.push(`${screen}: ${w}`)
    for (const f of await b.execute(lowContrast)) {
      const seen = faint.get(f.sig) ?? { n: 0, screens: new Set(), text: f.text }
      seen.n++
      seen.screens.add(screen)
      faint.set(f.sig, seen)
    }
  }
  // One line a kind of text: how often, where, and an example.
  const report = [...faint].map(([sig, f]) => `${f.n}× ${sig} "${f.text}" on ${[...f.screens].join(', ')}`)
  assert.equal(words.length, 0, `English words on Chinese screens:\n${words.join('\n')}`)
  assert.equal(report.length, 0, `text below WCAG AA contrast:\n${report.join('\n')}`)
})
