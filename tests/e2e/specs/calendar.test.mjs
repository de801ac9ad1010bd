// The ritual calendar in the real window: make an SOP template of one's own, create a cohort on
// it, work through Today (copy a 话术 and paste it from the system clipboard, give a task to
// another role, add a one-off, tick done), look at the month, week and agenda views, then edit the
// template and update the running cohort, its done task untouched; last, on the timeline, add a
// task on 第 3 天, drag it to 第 4 天, save, and find it on that day of the calendar.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { launch, byTestId, shot, type, click, pick, texts, waitMessage, fillDateRange } from '../lib.mjs'

let app
before(async () => { app = await launch('calendar') })
after(async () => { await app?.close() })

const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
const day = (n) => iso(new Date(Date.now() + n * 86400e3))
const start = day(-3)
const end = day(17)
const COHORT = '21天写作营 第5期'
const LINK = 'https://kdocs.cn/l/camp5'

/** What another program pastes: the X clipboard, read by xclip. */
function pasteboard() {
  const r = spawnSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5000 })
  assert.equal(r.status, 0, `xclip failed: ${r.stderr}`)
  return r.stdout
}

/** The text area of the template editor: replaced through the DOM the way a paste would. */
async function setSource(b, text) {
  await b.execute((t) => {
    const ta = document.querySelector('[data-testid="template-source"] textarea')
    ta.value = t
    ta.dispatchEvent(new Event('input', { bubbles: true }))
  }, text)
}
async function getSource(b) {
  return b.execute(() => document.querySelector('[data-testid="template-source"] textarea').value)
}

async function taskRow(b, title) {
  await b.waitUntil(async () => (await texts(b, byTestId('task-row'))).some((t) => t.includes(title)), { timeout: 10000, timeoutMsg: `no task ${title}` })
  return b.$(`//*[@data-testid="task-row"][.//*[@data-testid="task-title"][normalize-space(.)="${title}"]]`)
}

test('save a copy of the bundled 21-day SOP as my own; a mistake is shown with its line', async () => {
  const b = app.browser
  await click(b, byTestId('start-empty'))
  await b.url('tauri://localhost/#/templates')
  // The timeline opens first: the opening day's column holds the ceremony.
  await (await b.$(byTestId('sop-board'))).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await b.$('[data-anchor="D0"]')).getText(), /开营仪式/)
  await click(b, byTestId('template-copy'))
  let src = await getSource(b)
  assert.match(src, /key = "default-21day-我的"/)

  // An unknown role: refused as typed, naming the line.
  const bad = src.replace('role = "宣传官"', 'role = "校长"')
  const badLine = bad.split('\n').findIndex((l) => l.includes('校长')) + 1
  await setSource(b, bad)
  const problem = await b.$(byTestId('template-problem'))
  await problem.waitForDisplayed({ timeout: 10000 })
  assert.match(await problem.getText(), new RegExp(`第 ${badLine} 行.*校长`))
  await shot(b, '30-template-error.png')

  src = src.replace('早安！今天是', '早安～今天是')
  await setSource(b, src)
  await problem.waitForDisplayed({ reverse: true, timeout: 10000 })
  await click(b, byTestId('template-save'))
  await waitMessage(b, /模板已保存/)
  await b.waitUntil(async () => (await texts(b, byTestId('template-item'))).some((t) => t.includes('（我的）')), { timeout: 10000 })
  await shot(b, '31-templates.png')
})

test('a cohort on my template: Today fills the link and the monitor-free text, copy pastes the same text', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/cohorts')
  await click(b, byTestId('add-cohort'))
  await type(b, byTestId('cohort-name'), COHORT)
  await fillDateRange(b, byTestId('cohort-dates'), start, end)
  await type(b, byTestId('cohort-link'), LINK)
  await pick(b, byTestId('cohort-sop'), '21 天训练营（默认）（我的）')
  await click(b, byTestId('cohort-save'))
  await (await b.$(byTestId('cohort-title'))).waitForDisplayed({ timeout: 10000 })

  await b.url('tauri://localhost/#/today')
  await (await b.$(byTestId('today-due'))).waitForDisplayed({ timeout: 10000 })
  const row = await taskRow(b, '早间打卡提醒')
  const shown = await (await row.$(byTestId('task-message'))).getText()
  assert.ok(shown.includes(LINK) && shown.includes('第 4 天'), shown)
  await (await row.$(byTestId('copy-message'))).click()
  await waitMessage(b, /已复制/)
  assert.equal(pasteboard().trim(), shown.trim(), 'the clipboard holds exactly the 话术 shown')

  const morning = await taskRow(b, '早安问候')
  assert.match(await morning.getText(), /早安～今天是/, 'my template\'s wording')
})

test('give a task to another role, add a one-off task, tick one done', async () => {
  const b = app.browser
  const row = await taskRow(b, '晚间小游戏')
  await (await row.$(byTestId('task-more'))).click()
  const to = await b.$('//div[contains(@class,"n-dropdown-option")][normalize-space(.)="班长"]')
  await to.waitForDisplayed({ timeout: 5000 })
  await to.click()
  await waitMessage(b, /已交给班长/)
  await b.waitUntil(async () => (await (await (await taskRow(b, '晚间小游戏')).$(byTestId('task-role'))).getText()) === '班长', { timeout: 10000 })

  await click(b, byTestId('add-task'))
  await type(b, byTestId('task-title-input'), '给嘉宾寄感谢卡')
  await type(b, byTestId('task-message-input'), '{营}第{期}期的同学们感谢您！')
  await click(b, byTestId('task-save'))
  const card = await taskRow(b, '给嘉宾寄感谢卡')
  assert.match(await card.getText(), /21天写作营第5期的同学们感谢您/)
  assert.match(await card.getText(), /临时/)

  const before = (await texts(b, `${byTestId('today-due')} [data-testid="task-row"]`)).length
  await (await (await taskRow(b, '早安问候')).$(`${byTestId('task-done')}`)).click()
  await (await b.$(byTestId('today-done'))).waitForDisplayed({ timeout: 10000 })
  await b.waitUntil(async () => (await texts(b, `${byTestId('today-due')} [data-testid="task-row"]`)).length === before - 1, { timeout: 10000 })
  await shot(b, '32-today.png')
})

test('month, week and agenda views; a day opens its tasks', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/calendar')
  await (await b.$(byTestId('calendar-grid'))).waitForDisplayed({ timeout: 10000 })
  // The opening day (may sit in the previous month's page when the month just began).
  let cell = await b.$(`[data-testid="calendar-day"][data-date="${start}"]`)
  if (!(await cell.isExisting())) {
    await click(b, byTestId('calendar-prev'))
    cell = await b.$(`[data-testid="calendar-day"][data-date="${start}"]`)
  }
  // Its cell shows the day's chips, the opening ceremony among them.
  await b.waitUntil(async () => (await cell.getText()).includes('开营仪式'), { timeout: 10000, timeoutMsg: 'the opening day shows no tasks' })
  assert.ok((await cell.$$(byTestId('calendar-chip'))).length >= 3, 'a busy day shows several chips')
  await cell.click()
  await b.waitUntil(async () => (await (await b.$(byTestId('calendar-day-tasks'))).getText()).includes('开营仪式'), { timeout: 10000 })
  await shot(b, '33-calendar-month.png')

  // The week and the agenda open on the day picked, whichever month today is in.
  await click(b, byTestId('view-week'))
  await b.waitUntil(async () => (await texts(b, byTestId('calendar-day'))).length === 7, { timeout: 10000 })
  assert.ok(await (await b.$(`[data-testid="calendar-day"][data-date="${start}"]`)).isExisting(), 'the week holds the day picked')
  await shot(b, '34-calendar-week.png')
  await click(b, byTestId('view-agenda'))
  // 14 days from the opening day: every one of them a cohort day with tasks.
  await b.waitUntil(async () => (await texts(b, byTestId('agenda-day'))).length === 14, { timeout: 10000, timeoutMsg: 'the agenda does not hold 14 cohort days' })
  const agenda = await texts(b, byTestId('agenda-day'))
  assert.match(agenda[0], /开营仪式/, 'the agenda begins on the opening day')
  assert.ok(agenda.some((t) => t.includes('给嘉宾寄感谢卡')), 'the one-off task of today is in the agenda')
})

test('edit my template again and update the running cohort: the done task keeps its old wording', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/templates')
  await b.waitUntil(async () => (await texts(b, byTestId('template-item'))).some((t) => t.includes('1 期在用')), { timeout: 10000 })
  const mine = await b.$('//*[@data-testid="template-item"][contains(., "（我的）")]')
  await mine.click()
  await b.waitUntil(async () => (await getSource(b)).includes('早安～今天是'), { timeout: 10000 })
  await setSource(b, (await getSource(b)).replace('早安～今天是', '早上好！今天是'))
  // The editor has checked the text: the timeline shows the new wording.
  await b.waitUntil(() => b.execute(() => document.querySelector('[data-testid="sop-board"]').textContent.includes('早上好！今天是')), { timeout: 10000, timeoutMsg: 'the timeline did not take the edited TOML' })
  await click(b, byTestId('template-save'))
  const dialog = await b.$('.n-dialog')
  // The offer to update the cohorts on it; if it never comes, the screen says why.
  await dialog.waitForDisplayed({ timeout: 10000 }).catch(async (e) => {
    await shot(b, 'failed-template-update.png')
    throw e
  })
  assert.match(await dialog.getText(), new RegExp(COHORT))
  await click(b, '.n-dialog__action .n-button--primary-type, .n-dialog__action .n-button--info-type')
  await waitMessage(b, /已更新 1 期/)

  await b.url('tauri://localhost/#/today')
  await (await b.$(byTestId('today-done'))).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await b.$(byTestId('today-done'))).getText(), /早安～今天是/, 'done: untouched')
  await b.url('tauri://localhost/#/calendar?view=agenda')
  await b.waitUntil(async () => (await texts(b, byTestId('agenda-day'))).some((t) => t.includes('早上好！今天是')), { timeout: 10000, timeoutMsg: 'tasks not done did not take the new wording' })
})

test('on the timeline: add a task on 第 3 天, drag it to 第 4 天, save, and the calendar has it on that day', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/templates')
  const mine = await b.$('//*[@data-testid="template-item"][contains(., "（我的）")]')
  await mine.waitForDisplayed({ timeout: 10000 })
  await mine.click()
  await b.waitUntil(async () => (await getSource(b)).includes('早上好！今天是'), { timeout: 10000 })
  await (await b.$(byTestId('sop-board'))).waitForDisplayed({ timeout: 10000 })

  // Add: a placeholder chip goes in where the cursor is, the preview fills it from this cohort.
  const add = await b.$(byTestId('sop-add-D+2'))
  await add.scrollIntoView({ block: 'nearest', inline: 'center' })
  await click(b, byTestId('sop-add-D+2'))
  await (await b.$(byTestId('sop-task-dialog'))).waitForDisplayed({ timeout: 10000 })
  assert.equal(await (await b.$(byTestId('sop-task-day-label'))).getText(), '第 3 天')
  await type(b, byTestId('sop-task-title'), '第三天小复盘')
  await type(b, byTestId('sop-task-message'), '今晚来聊聊')
  const message = () => b.execute(() => { const ta = document.querySelector('[data-testid="sop-task-message"] textarea'); return [ta.value, document.activeElement === ta] })
  // The form scrolls inside the dialog on a short screen: bring the chips into view first, so the
  // click lands where the chip is once the scroll has settled.
  await (await b.$(byTestId('sop-chip-营'))).scrollIntoView({ block: 'center' })
  await click(b, byTestId('sop-chip-营'))
  // The chip went in where the cursor was (typing goes on after it).
  await b.waitUntil(async () => (await message())[0] === '今晚来聊聊{营}', { timeout: 5000, timeoutMsg: `the chip did not go in at the cursor: ${JSON.stringify(await message())}` })
  await (await b.$(`${byTestId('sop-task-message')} textarea`)).addValue('的前三天！资料：')
  await (await b.$(byTestId('sop-chip-链接'))).scrollIntoView({ block: 'center' })
  await click(b, byTestId('sop-chip-链接'))
  await b.waitUntil(async () => (await message())[0] === '今晚来聊聊{营}的前三天！资料：{链接}', { timeout: 5000, timeoutMsg: `the 话术 is ${JSON.stringify(await message())}` })
  const preview = await b.$(byTestId('sop-task-preview'))
  await b.waitUntil(async () => (await preview.getText()).includes(`今晚来聊聊21天写作营的前三天！资料：${LINK}`), { timeout: 10000, timeoutMsg: 'the preview did not fill the placeholders' })
  assert.match(await preview.getText(), new RegExp(`按「${COHORT}」预览`))
  await shot(b, '36-sop-task.png')
  await click(b, byTestId('sop-task-save'))
  const card = () => b.$('[data-anchor="D+2"] [data-task="第三天小复盘"]')
  await (await card()).waitForDisplayed({ timeout: 10000 })
  await (await b.$(byTestId('sop-task-dialog'))).waitForExist({ reverse: true, timeout: 10000 })

  // Drag it one day on, with the pointer.
  const target = await b.$('[data-anchor="D+3"]')
  await (await card()).scrollIntoView({ block: 'nearest', inline: 'center' })
  await b.action('pointer', { parameters: { pointerType: 'mouse' } })
    .move({ origin: await card() }).down({ button: 0 })
    .move({ origin: await card(), x: 30, y: 10, duration: 100 })
    .move({ origin: target, duration: 200 })
    .up({ button: 0 }).perform()
  await (await b.$('[data-anchor="D+3"] [data-task="第三天小复盘"]')).waitForDisplayed({ timeout: 10000 })
  assert.equal(await (await card()).isExisting(), false, 'it left 第 3 天')
  await b.waitUntil(async () => /title = "第三天小复盘"\s+anchor = "D\+3"/.test(await getSource(b)), { timeout: 10000, timeoutMsg: 'the TOML does not hold the moved task' })
  await shot(b, '37-sop-board.png')

  await click(b, byTestId('template-save'))
  const dialog = await b.$('.n-dialog')
  await dialog.waitForDisplayed({ timeout: 10000 })
  await click(b, '.n-dialog__action .n-button--primary-type, .n-dialog__action .n-button--info-type')
  await waitMessage(b, /已更新 1 期/)

  // 第 4 天 of a cohort that began three days ago is today.
  await b.url('tauri://localhost/#/calendar?view=agenda')
  const day4 = await b.$(`[data-testid="agenda-day"][data-date="${day(0)}"]`)
  await b.waitUntil(async () => (await day4.isExisting()) && (await day4.getText()).includes('第三天小复盘'), { timeout: 10000, timeoutMsg: 'the moved task is not on 第 4 天' })
  assert.ok((await day4.getText()).includes(`今晚来聊聊21天写作营的前三天！资料：${LINK}`))
})
