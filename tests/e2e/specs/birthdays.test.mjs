// Birthdays in the real window: a lunar birthday (腊月初八) entered in the member form shows its
// next solar date, worked out by the core; the 生日会 roster of that month lists the member with
// a message ready to copy.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { launch, byTestId, shot, type, click, texts, cli } from '../lib.mjs'

let app
before(async () => { app = await launch('birthdays') })
after(async () => { await app?.close() })

const pad = (n) => String(n).padStart(2, '0')
const now = new Date()
const todayIso = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
// The next 腊月初八 on or after today: lunar year Y's 腊月 falls in January or February of Y+1.
const next = [now.getFullYear() - 1, now.getFullYear(), now.getFullYear() + 1]
  .map((y) => JSON.parse(execFileSync(cli, ['lunar', 'to-solar', '--year', String(y), '--month', '12', '--day', '8', '--json'])).date)
  .filter((d) => d >= todayIso)
  .sort()[0]

test('a lunar birthday shows its next solar date in the member form', async () => {
  const b = app.browser
  await (await b.$(byTestId('welcome'))).waitForDisplayed({ timeout: 20000 })
  await click(b, byTestId('start-empty'))
  await b.url('tauri://localhost/#/members/new')
  await type(b, byTestId('member-name'), '腊八生')
  // 公历 / 农历 / 不填 in one choice; a lunar month is 腊月, with no 月 after it.
  await click(b, `//*[@data-testid="birthday-calendar"]//label[contains(., "农历")]`)
  // Long option lists are virtual: type to filter, as a person would, then pick.
  for (const [id, label] of [['birthday-month', '腊月'], ['birthday-day', '初八']]) {
    await click(b, byTestId(id))
    await b.keys(label)
    const option = await b.$(`//div[contains(@class,"n-base-select-option")][normalize-space(.)="${label}"]`)
    try {
      await option.waitForDisplayed({ timeout: 10000 })
    } catch {
      await shot(b, `failed-${id}.png`)
      throw new Error(`no option ${label} in ${id}`)
    }
    await option.click()
    await b.pause(150)
  }
  const preview = await b.$(byTestId('birthday-next'))
  await b.waitUntil(async () => (await preview.getText()).includes(next), {
    timeout: 10000, timeoutMsg: `the form should show the next date ${next}`,
  })
  const field = await b.execute(() => document.querySelector('[data-testid="birthday-month"]').closest('.n-space').innerText)
  assert.doesNotMatch(field, /腊月\s*月/, 'no stray 月 after a lunar month')
  await shot(b, '40-lunar-birthday.png')
  await click(b, byTestId('save-member'))
  await b.waitUntil(async () => (await b.getUrl()).match(/#\/members\/\d+$/), { timeout: 10000, timeoutMsg: 'member not saved' })
})

test('the 生日会 roster of that month lists the member with a message to copy', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/birthdays')
  await click(b, '.n-tabs-tab[data-name="roster"]')
  const month = next.slice(0, 7)
  await type(b, byTestId('roster-month'), month)
  await b.keys('Enter')
  await b.waitUntil(async () => (await texts(b, byTestId('roster-row'))).some((r) => r.includes('腊八生') && r.includes(next.slice(5))), {
    timeout: 10000, timeoutMsg: `the roster of ${month} should list 腊八生 on ${next}`,
  })
  const msg = await b.$(`${byTestId('roster-message')} textarea`)
  assert.match(await msg.getValue(), /@腊八生/)
  assert.match(await (await b.$(byTestId('roster-title'))).getText(), /1 位寿星/)
  await shot(b, '41-birthday-roster.png')
})
