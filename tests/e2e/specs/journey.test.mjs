// The operator's first day, in the real window: start empty, create a cohort and a group, add two
// members, find one by pinyin initials, give a role, delete and restore a member.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { readdirSync, readFileSync } from 'node:fs'
import { launch, byTestId, shot, type, click, clickRow, pick, confirmDialog, texts, settle, shotDir, waitMessage, clickEl, fillDateRange } from '../lib.mjs'

let app
before(async () => { app = await launch('journey') })
after(async () => { await app?.close() })

const today = new Date()
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
const start = iso(new Date(today.getTime() - 3 * 86400e3))
const end = iso(new Date(today.getTime() + 17 * 86400e3))

test('first launch offers the demo; starting empty shows a helpful empty state', async () => {
  const b = app.browser
  const welcome = await b.$(byTestId('welcome'))
  await welcome.waitForDisplayed({ timeout: 20000 })
  assert.match(await welcome.getText(), /示例社群/)
  await shot(b, '01-welcome.png')
  await click(b, byTestId('start-empty'))
  await welcome.waitForDisplayed({ reverse: true, timeout: 10000 })
  // A new user starts on 期与群, whose empty state says to create the first cohort.
  await b.waitUntil(async () => (await b.getUrl()).endsWith('#/cohorts'), { timeout: 10000, timeoutMsg: 'a new user did not start on 期与群' })
  await click(b, `//*[@data-testid="nav"]//*[contains(@class,"n-menu-item-content")][normalize-space(.)="成员"]`)
  const empty = await b.$(byTestId('members-empty'))
  await empty.waitForDisplayed({ timeout: 10000 })
  assert.match(await empty.getText(), /还没有成员/)
})

test('create a cohort and a group named by the rule', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/cohorts')
  await click(b, byTestId('add-cohort'))
  await type(b, byTestId('cohort-name'), '21天写作营 第3期')
  await fillDateRange(b, byTestId('cohort-dates'), start, end)
  await clickEl(b, await b.$(byTestId('cohort-name')))
  // The two patterns preview what they give as they are typed; placeholders go in as chips.
  const preview = async (id, re) => b.waitUntil(async () => re.test(await (await b.$(byTestId(`${id}-preview`))).getText()), { timeout: 10000, timeoutMsg: `${id}: no preview matching ${re}` })
  await preview('cohort-rule', /第一个群：3期北京1群/)
  await type(b, byTestId('cohort-serial'), 'XZ{期}-{年}-')
  await preview('cohort-serial', /\{序号\}/)
  const chips = await b.$$(byTestId('cohort-serial-chip'))
  await chips[chips.length - 1].click()
  await preview('cohort-serial', /第一张证书：XZ3-\d{4}-0001$/)
  await shot(b, '02-cohort-form.png')
  await type(b, byTestId('cohort-serial'), '')
  await preview('cohort-serial', /第一张证书：QZ-\d{4}-000001$/)
  await click(b, byTestId('cohort-save'))
  const title = await b.$(byTestId('cohort-title'))
  await title.waitForDisplayed({ timeout: 10000 })
  assert.equal(await title.getText(), '21天写作营 第3期')

  await click(b, byTestId('add-group'))
  await type(b, byTestId('group-city'), '北京')
  await b.waitUntil(async () => (await (await b.$(`${byTestId('group-name')} input`)).getValue()) === '3期北京1群', {
    timeout: 10000, timeoutMsg: 'the naming rule did not propose 3期北京1群',
  })
  await click(b, byTestId('group-save'))
  await b.waitUntil(async () => (await texts(b, byTestId('group-row'))).some((t) => t.includes('3期北京1群')), { timeout: 10000 })
})

test('the new cohort\'s SOP puts today\'s tasks on the Today screen; tick one done', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/today')
  const due = await b.$(byTestId('today-due'))
  await due.waitForDisplayed({ timeout: 10000 })
  // The cohort made a moment ago is the sidebar's current one, on its 4th day.
  await b.waitUntil(async () => /21天写作营 第3期[\s\S]*第 4 天 \/ 21/.test((await texts(b, byTestId('cohort-switch')))[0] ?? ''), { timeout: 10000, timeoutMsg: 'the new cohort is not the current one' })
  const rows = await texts(b, `${byTestId('today-due')} [data-testid="task-row"]`)
  // Day 4 of the cohort: the morning greeting with its day filled in, and the check-in reminders.
  assert.ok(rows.some((r) => r.includes('早安问候') && r.includes('第 4 天')), rows.join('\n'))
  assert.ok(rows.some((r) => r.includes('午间打卡提醒')))
  const before = rows.length
  await click(b, `${byTestId('today-due')} [data-testid="task-done"]`)
  const done = await b.$(byTestId('today-done'))
  await done.waitForDisplayed({ timeout: 10000 })
  await b.waitUntil(async () => (await texts(b, `${byTestId('today-due')} [data-testid="task-row"]`)).length === before - 1, { timeout: 10000 })
  await shot(b, '03-today.png')
})

async function addMember(b, name, phone, wechat) {
  await b.url('tauri://localhost/#/members')
  await click(b, byTestId('add-member'))
  await type(b, byTestId('member-name'), name)
  await type(b, byTestId('member-phone'), phone)
  await type(b, byTestId('member-wechat'), wechat)
  await type(b, byTestId('member-city'), '北京')
  await click(b, byTestId('save-member'))
  await b.waitUntil(async () => (await b.getUrl()).match(/#\/members\/\d+$/), { timeout: 10000, timeoutMsg: `${name} not saved` })
}

test('add two members, refuse a duplicate phone, find one by pinyin initials', async () => {
  const b = app.browser
  await addMember(b, '张三', '138 0013 8000', 'zhangsan_bj')
  await addMember(b, '李四', '139-0000-1111', 'lisi2026')

  // The same phone again: a clear message naming the owner, and nothing saved.
  await b.url('tauri://localhost/#/members')
  await click(b, byTestId('add-member'))
  await type(b, byTestId('member-name'), '张三丰')
  await type(b, byTestId('member-phone'), '+86 13800138000')
  await click(b, byTestId('save-member'))
  // Shown at the phone field, with a link to 张三.
  const feedback = await b.$(byTestId('duplicate-feedback'))
  await feedback.waitForDisplayed({ timeout: 10000 })
  const err = await feedback.getText()
  assert.match(err, /已被“张三”使用/)
  assert.match(err, /手机号/)
  assert.equal(await (await b.$(byTestId('open-owner'))).getText(), '查看张三')
  await shot(b, '02-duplicate-phone.png')

  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).length === 2, { timeout: 10000, timeoutMsg: 'two members expected' })
  await type(b, byTestId('member-search'), 'zs')
  await b.waitUntil(async () => {
    const rows = await texts(b, byTestId('member-row'))
    return rows.length === 1 && rows[0].includes('张三')
  }, { timeout: 10000, timeoutMsg: 'zs did not find exactly 张三' })
})

test('assign a role in the cohort and see it on the cohort screen', async () => {
  const b = app.browser
  await clickRow(b, 'member-row', '张三')
  await (await b.$(byTestId('placements'))).waitForDisplayed({ timeout: 10000 })
  await pick(b, byTestId('assign-cohort'), '21天写作营 第3期')
  await pick(b, byTestId('assign-group'), '3期北京1群')
  await pick(b, byTestId('assign-role'), '班长')
  await click(b, byTestId('assign-save'))
  const role = await b.$(byTestId('placement-role'))
  await role.waitForDisplayed({ timeout: 10000 })
  assert.equal(await role.getText(), '班长')

  await b.url('tauri://localhost/#/cohorts')
  await click(b, byTestId('cohort-card'))
  const roles = await b.$(byTestId('cohort-roles'))
  await roles.waitForDisplayed({ timeout: 10000 })
  await b.waitUntil(async () => (await roles.getText()).includes('张三'), { timeout: 10000 })
  assert.deepEqual(await texts(b, byTestId('group-size')), ['1'])
  await shot(b, '03-cohort-new.png')
})

async function deleteOpenMember(b, name) {
  // The member page has loaded this member (its title) before its Delete button means anything.
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === name, { timeout: 10000, timeoutMsg: `${name} page not loaded` })
  await click(b, byTestId('delete-member'))
  await confirmDialog(b)
  await b.waitUntil(async () => (await b.getUrl()).endsWith('#/members'), { timeout: 10000, timeoutMsg: 'deleting did not return to the members list' })
}

test('delete a member, undo it, delete again and restore from the trash', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/members')
  await type(b, byTestId('member-search'), 'lisi')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).length === 1, { timeout: 10000 })
  await clickRow(b, 'member-row', '李四')
  await deleteOpenMember(b, '李四')
  // Undo, right from the notification.
  await click(b, byTestId('undo-delete'))
  await b.waitUntil(async () => /#\/members\/\d+$/.test(await b.getUrl()), { timeout: 10000, timeoutMsg: 'undo did not reopen 李四' })
  // The page loads the member after the route changes: wait for its title.
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === '李四', { timeout: 10000, timeoutMsg: 'undo did not bring 李四 back' })

  await deleteOpenMember(b, '李四')
  await type(b, byTestId('member-search'), 'lisi')
  await (await b.$(byTestId('members-empty'))).waitForDisplayed({ timeout: 10000 })

  await b.url('tauri://localhost/#/trash')
  await (await b.$(byTestId('trash-table'))).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await b.$(byTestId('trash-table'))).getText(), /李四/)
  await shot(b, '04-trash.png')
  await click(b, byTestId('trash-restore'))
  await (await b.$(byTestId('trash-empty'))).waitForDisplayed({ timeout: 10000 })

  await b.url('tauri://localhost/#/members')
  await type(b, byTestId('member-search'), 'ls')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).some((t) => t.includes('李四')), { timeout: 10000, timeoutMsg: '李四 not back' })
  await settle(b)
  console.log(`screenshots: ${shotDir}`)
})

test('a completion certificate from a member\'s page: preview it, then make the cohort\'s PDF', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/members')
  await type(b, byTestId('member-search'), '张三')
  await clickRow(b, 'member-row', '张三')
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === '张三', { timeout: 10000 })
  await click(b, byTestId('member-poster'))
  await b.waitUntil(async () => (await texts(b, byTestId('poster-pick'))).some((t) => t.includes('张三')), { timeout: 10000, timeoutMsg: '张三 not preselected' })
  const img = await b.$(byTestId('poster-preview'))
  await img.waitForDisplayed({ timeout: 20000 })
  await b.waitUntil(async () => (await img.getAttribute('src')).startsWith('data:image/png;base64,'), { timeout: 20000 })
  // The preview is drawn, not a broken image.
  assert.ok(await b.execute(() => document.querySelector('[data-testid="poster-preview"]').naturalWidth) >= 800)
  await shot(b, '05-certificate-preview.png')
  await click(b, byTestId('poster-export'))
  await click(b, byTestId('poster-run'))
  const result = await b.$(byTestId('poster-result'))
  await result.waitForDisplayed({ timeout: 60000 })
  assert.match(await result.getText(), /已生成 1 页/)
  assert.match(await result.getText(), /QZ-\d{4}-000001/)
  const dir = path.join(app.dataDir, 'exports')
  const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf'))
  assert.equal(pdfs.length, 1)
  assert.equal(readFileSync(path.join(dir, pdfs[0])).subarray(0, 4).toString(), '%PDF')
  await shot(b, '06-certificate-made.png')
})

