// A newcomer loads the demo community, browses members and a running cohort, switches to English
// and looks at backups. Screenshots of each screen.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, byTestId, shot, click, texts, type, shotDir, scrollFrames, waitMessage } from '../lib.mjs'

let app
before(async () => { app = await launch('demo') })
after(async () => { await app?.close() })

test('load the demo community from the welcome dialog', async () => {
  const b = app.browser
  await (await b.$(byTestId('welcome'))).waitForDisplayed({ timeout: 20000 })
  // A new user starts on 期与群; with the demo's running cohort loaded, Qunzhu turns to 今日.
  assert.match(await b.getUrl(), /#\/cohorts$/)
  await click(b, byTestId('load-demo'))
  await b.waitUntil(async () => (await b.getUrl()).endsWith('#/today'), { timeout: 15000, timeoutMsg: 'the demo did not open on 今日' })
  await (await b.$(byTestId('today-due'))).waitForDisplayed({ timeout: 10000 })
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).length > 10, { timeout: 15000, timeoutMsg: 'demo members not shown' })
  const count = await (await b.$(byTestId('member-count'))).getText()
  assert.match(count, /共 5\d\d 人/)
  await shot(b, '10-members-demo.png')
  const f = await scrollFrames(b)
  console.log(`[scale] ${count}: scroll frames p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms (the same measure as the 100,000-member run)`)
})

test('search by initials within the demo', async () => {
  const b = app.browser
  await type(b, byTestId('member-search'), 'wj')
  await b.waitUntil(async () => {
    const rows = await texts(b, byTestId('member-row'))
    return rows.length > 0 && rows.length < 100
  }, { timeout: 10000 })
  await shot(b, '11-members-search-wj.png')
  await type(b, byTestId('member-search'), '')
})

test('select members and tag them in one go', async () => {
  const b = app.browser
  // Let the unfiltered list finish loading (first page, then the rest) before ticking boxes.
  await b.waitUntil(async () => {
    const c = await b.$(byTestId('member-count'))
    return (await c.getAttribute('data-ready')) === 'true' && /共 5\d\d 人/.test(await c.getText())
  }, { timeout: 10000, timeoutMsg: 'the member list did not settle' })
  await b.pause(500)
  const boxes = await b.$$('[data-testid="member-row"] .n-data-table-td--selection .n-checkbox')
  for (const box of boxes.slice(0, 3)) await box.click()
  assert.match(await (await b.$(byTestId('selection-bar'))).getText(), /已选 3 人/)
  assert.match(await b.getUrl(), /#\/members$/, 'ticking a box does not open the member')
  const picked = await b.execute(() =>
    Array.from(document.querySelectorAll('[data-testid="member-row"]'))
      .filter((r) => r.querySelector('.n-checkbox--checked'))
      .map((r) => r.querySelector('[data-col-key="name"]').innerText.trim()),
  )
  assert.equal(picked.length, 3)
  await click(b, byTestId('batch-tag'))
  await type(b, byTestId('batch-tag-name'), '第4期意向')
  await click(b, byTestId('batch-tag-apply'))
  await waitMessage(b, /已给 3 人添加标签「第4期意向」/)
  let rows = []
  await b.waitUntil(async () => {
    rows = await texts(b, byTestId('member-row'))
    return picked.every((name) => rows.some((r) => r.startsWith(name) && r.includes('第4期意向')))
  }, { timeout: 10000 }).catch(async () => {
    await shot(b, 'failed-tag.png')
    assert.fail(`${picked.join('、')} should carry the new tag; rows: ${JSON.stringify(rows.slice(0, 5))}`)
  })
  await shot(b, '16-members-tagged.png')
})

test('the running cohort shows group sizes against the healthy band and a slow-fill warning', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/cohorts')
  await b.waitUntil(async () => (await texts(b, byTestId('cohort-card'))).length === 3, { timeout: 10000 })
  await shot(b, '12-cohorts.png')
  const cards = await b.$$(byTestId('cohort-card'))
  await cards[0].click()
  await b.waitUntil(async () => (await texts(b, byTestId('group-row'))).length === 3, { timeout: 10000 })
  assert.ok((await b.$$(byTestId('slow-fill'))).length >= 1, 'a slow-filling group is flagged')
  assert.match(await (await b.$(byTestId('cohort-roles'))).getText(), /班长/)
  await shot(b, '13-cohort-running.png')
})

test('upcoming birthdays of the demo community within 30 days, solar and lunar', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/birthdays')
  await click(b, `//*[@data-testid="birthday-range"]//label[contains(., "30")]`)
  await b.waitUntil(async () => (await texts(b, `${byTestId('upcoming-table')} tbody tr`)).length >= 10, {
    timeout: 10000, timeoutMsg: 'about one demo member in 14 has a birthday in any 30 days',
  })
  const rows = await texts(b, `${byTestId('upcoming-table')} tbody tr`)
  const dates = rows.map((r) => r.match(/\d{4}-\d{2}-\d{2}/)?.[0])
  assert.deepEqual([...dates].sort(), dates, 'in date order')
  await shot(b, '16-birthdays-upcoming.png')
})

test('Today in the demo: the running cohort\'s tasks with 话术 and the day\'s birthdays; the calendar month', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/today')
  await (await b.$(byTestId('today-due'))).waitForDisplayed({ timeout: 10000 })
  const rows = await texts(b, `${byTestId('today-due')} [data-testid="task-row"]`)
  assert.ok(rows.some((r) => r.includes('晚安问候')), rows.join('\n'))
  // The demo's days gone by are ticked done: nothing overdue.
  assert.equal((await b.$$(byTestId('today-overdue'))).length, 0)
  await shot(b, '17-today-demo.png')
  await b.url('tauri://localhost/#/calendar')
  await b.waitUntil(async () => (await texts(b, byTestId('calendar-chip'))).length > 20, { timeout: 10000, timeoutMsg: 'no tasks in the month' })
  await shot(b, '18-calendar-demo.png')
})

test('switch to English and see the settings with backups', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/settings')
  await click(b, `//*[@data-testid="settings-lang"]//label[normalize-space(.)="English"]`)
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === 'Settings', { timeout: 10000 })
  const backups = await b.$(byTestId('backups-table'))
  await backups.waitForDisplayed({ timeout: 10000 })
  assert.match(await backups.getText(), /Daily/)
  await shot(b, '14-settings-en.png')
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === 'Members', { timeout: 10000 })
  // Fields say what they want, never Naive UI's "Please Input" / "Please Select".
  await b.url('tauri://localhost/#/members/new')
  await (await b.$(byTestId('member-name'))).waitForDisplayed({ timeout: 10000 })
  const placeholders = await b.execute(() => Array.from(document.querySelectorAll('input, textarea, .n-base-selection-placeholder')).map((e) => e.getAttribute('placeholder') ?? e.textContent).join('|'))
  assert.doesNotMatch(placeholders, /Please (Input|Select)/)
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === 'Members', { timeout: 10000 })
  await shot(b, '15-members-en.png')
  console.log(`screenshots: ${shotDir}`)
})
