// Posters and certificates in the real window, on the demo community: today's star posters from
// the Today task (hand-picked members, a folder of PNGs), a member's photo, a designer's template
// imported (a refused one with its lines, a usable one with its warnings), a guest-talk poster,
// the month's birthday roster poster, and certificates verified and revoked.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { launch, byTestId, choose, shot, type, click, pick, texts, confirmDialog, waitMessage, cli, root } from '../lib.mjs'

let app
before(async () => {
  app = await launch('posters', (dir) => {
    const r = spawnSync(cli, ['--data-dir', dir, 'demo', 'load'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    // Someone is sure to have a birthday today (the demo's are spread over the year).
    const now = new Date()
    const today = `${now.getMonth() + 1}-${now.getDate()}`
    const m = spawnSync(cli, ['--data-dir', dir, 'members', 'add', '--name', '寿星今天', '--birthday', today], { encoding: 'utf8' })
    assert.equal(m.status, 0, m.stderr)
  })
})
after(async () => { await app?.close() })

const fixtures = path.join(root, 'tests/e2e/fixtures/templates')
const RUNNING = '21天写作营 第3期'

function cliJson(...args) {
  const r = spawnSync(cli, ['--data-dir', app.dataDir, ...args, '--json'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout)
}

async function previewDrawn(b) {
  const img = await b.$(byTestId('poster-preview'))
  await img.waitForDisplayed({ timeout: 20000 })
  await b.waitUntil(async () => (await b.execute(() => document.querySelector('[data-testid="poster-preview"]')?.naturalWidth ?? 0)) >= 600, {
    timeout: 20000, timeoutMsg: 'the preview was not drawn',
  })
  return img.getAttribute('src')
}

async function chooseTemplate(b, name) {
  await b.waitUntil(async () => (await texts(b, byTestId('poster-template'))).some((t) => t.startsWith(name)), { timeout: 10000, timeoutMsg: `no template ${name}` })
  const item = await b.$(`//*[@data-testid="poster-template"][.//*[contains(@class,"name")][starts-with(normalize-space(.),"${name}")]]`)
  await item.click()
}

test("today's star posters from the Today task: two members picked, one PNG each", async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/today')
  await b.waitUntil(async () => (await texts(b, byTestId('task-row'))).some((t) => t.includes('今日之星')), { timeout: 15000, timeoutMsg: 'no star task today' })
  await shot(b, '39-today-star-task.png')
  await click(b, `//*[@data-testid="task-row"][.//*[@data-testid="task-title"][contains(., "今日之星")]]//*[@data-testid="task-poster"]`)
  // The posters screen opens on the star template, the running cohort, hand-picking.
  await b.waitUntil(async () => (await texts(b, '.pick-item.active')).some((t) => t.includes('今日之星')), { timeout: 10000, timeoutMsg: 'star template not chosen' })
  assert.match((await texts(b, byTestId('poster-cohort'))).join(''), /第3期/)
  await (await b.$(byTestId('poster-pick'))).waitForDisplayed({ timeout: 10000 })
  const [first, second] = cliJson('members', 'list', '--cohort', RUNNING).slice(0, 2)
  for (const m of [first, second]) {
    await click(b, byTestId('poster-pick'))
    await b.keys(m.name.split(''))
    const option = await b.$(`//div[contains(@class,"n-base-select-option")][starts-with(normalize-space(.),"${m.name}")]`)
    await option.waitForDisplayed({ timeout: 10000 })
    await option.click()
    await b.keys(['Escape'])
  }
  await previewDrawn(b)
  assert.match(await (await b.$('.count')).getText(), /共 2 人/)
  // Every template in the list shows its page drawn small.
  await b.waitUntil(async () => {
    const [items, drawn] = await b.execute(() => [
      document.querySelectorAll('[data-testid="poster-template"]').length,
      [...document.querySelectorAll('[data-testid="poster-thumb"]')].filter((i) => i.complete && i.naturalWidth === 96).length,
    ])
    return items >= 8 && drawn === items
  }, { timeout: 30000, timeoutMsg: 'not every template has a thumbnail' })
  await shot(b, '40-star-posters.png')
  // One 导出 ▾: PNG to send to the groups, or one PDF to print.
  await click(b, byTestId('poster-export'))
  await (await b.$(byTestId('poster-run-png'))).waitForDisplayed({ timeout: 5000 })
  assert.match(await (await b.$(byTestId('poster-run'))).getText(), /PDF 打印（2 页/)
  await shot(b, '40b-poster-export-menu.png')
  await click(b, byTestId('poster-run-png'))
  const result = await b.$(byTestId('poster-result'))
  await result.waitForDisplayed({ timeout: 60000 })
  assert.match(await result.getText(), /已生成 2 张图片/)
  // A file card, not a path: the folder's name and 打开文件夹; the path is its data-path.
  const card = await b.$(byTestId('poster-file'))
  const folder = await card.getAttribute('data-path')
  const name = await b.execute(() => document.querySelector('[data-testid="poster-file"] [data-testid="file-name"]').textContent.trim())
  assert.equal(name, path.basename(folder))
  assert.ok(!(await result.getText()).includes(folder), 'no absolute path on screen')
  const files = readdirSync(folder).sort()
  assert.deepEqual(files, [`${first.name}.png`, `${second.name}.png`].sort())
  assert.equal(readFileSync(path.join(folder, files[0])).subarray(1, 4).toString(), 'PNG')
  assert.equal(await (await b.$(`${byTestId('poster-file')} ${byTestId('file-open')}`)).getText(), '打开文件夹')
  await shot(b, '41-star-posters-done.png')
})

test("a member's photo: a text file is refused, a picture is shown round and fills the poster's frame", async () => {
  const b = app.browser
  const [m] = cliJson('members', 'list', '--cohort', RUNNING)
  await b.url(`tauri://localhost/#/members/${m.id}`)
  await b.waitUntil(async () => (await (await b.$('h1')).getText()) === m.name, { timeout: 10000 })
  const notPhoto = path.join(app.dataDir, 'notes.txt')
  writeFileSync(notPhoto, '这不是照片')
  await click(b, byTestId('member-photo-set'))
  await choose(b, app.dataDir, byTestId('member-photo-path-choose'), notPhoto)
  await click(b, byTestId('member-photo-save'))
  const error = await b.$(byTestId('member-photo-error'))
  await error.waitForDisplayed({ timeout: 10000 })
  assert.match(await error.getText(), /notes\.txt.*PNG/)
  await choose(b, app.dataDir, byTestId('member-photo-path-choose'), path.join(root, 'assets/icons/icon.png'))
  await click(b, byTestId('member-photo-save'))
  const img = await b.$(byTestId('member-photo-img'))
  await img.waitForDisplayed({ timeout: 10000 })
  assert.match(await img.getAttribute('src'), /^data:image\/png;base64,/)
  await shot(b, '41-member-photo.png')

  // The member's poster now carries the photo: the preview changes when the photo is removed.
  await click(b, byTestId('member-poster'))
  await chooseTemplate(b, '今日之星')
  const withPhoto = await previewDrawn(b)
  await shot(b, '42-star-with-photo.png')
  await b.url(`tauri://localhost/#/members/${m.id}`)
  await click(b, byTestId('member-photo-remove'))
  await (await b.$(byTestId('member-photo-img'))).waitForDisplayed({ reverse: true, timeout: 10000 })
  await click(b, byTestId('member-poster'))
  await chooseTemplate(b, '今日之星')
  await b.waitUntil(async () => (await previewDrawn(b)) !== withPhoto, { timeout: 20000, timeoutMsg: 'the poster still shows the removed photo' })
})

test("a designer's template: one reaching outside is refused with its lines; a usable one is imported with its warnings", async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/posters')
  await click(b, byTestId('template-import'))
  await choose(b, app.dataDir, byTestId('template-path-choose'), path.join(fixtures, 'tracking.svg'))
  await click(b, byTestId('template-import-run'))
  const refused = await b.$(byTestId('template-refused'))
  await refused.waitForDisplayed({ timeout: 10000 })
  const text = await refused.getText()
  assert.match(text, /第 3 行.*https:\/\/example\.com\/pixel\.png/)
  assert.match(text, /第 4 行.*<script>/)
  await shot(b, '43-template-refused.png')

  await choose(b, app.dataDir, byTestId('template-path-choose'), path.join(fixtures, 'welcome-card.svg'))
  await click(b, byTestId('template-import-run'))
  await (await b.$(byTestId('template-unknown'))).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await b.$(byTestId('template-unknown'))).getText(), /slogan/)
  assert.match(await (await b.$(byTestId('template-fonts'))).getText(), /Source Han Serif SC/)
  assert.match(await (await b.$(byTestId('template-report'))).getText(), /已导入「新人欢迎卡」/)
  await shot(b, '44-template-imported.png')
  await b.keys(['Escape'])
  // It is in the list, selected, and draws (its logo embedded).
  await b.waitUntil(async () => (await texts(b, '.pick-item.active')).some((t) => t.includes('新人欢迎卡')), { timeout: 10000 })
  await previewDrawn(b)
  assert.equal((await texts(b, byTestId('poster-template'))).filter((x) => x.includes('带追踪')).length, 0, 'the refused template was not saved')
})

test('a guest-talk poster: typed details, saved as a PNG', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/posters')
  await chooseTemplate(b, '大咖分享')
  await type(b, byTestId('guest-name'), '李老师')
  await type(b, byTestId('guest-topic'), '如何把日常写成好故事')
  const src = await previewDrawn(b)
  assert.ok(src.length > 1000)
  // No time typed and no calendar task behind it: asked before a poster without a time is made.
  await click(b, byTestId('poster-save'))
  const dialog = await b.$('.n-dialog')
  await dialog.waitForDisplayed({ timeout: 10000 })
  assert.match(await dialog.getText(), /没有时间/)
  assert.ok(!(await (await b.$(byTestId('poster-result'))).isExisting()), 'nothing made before the answer')
  await confirmDialog(b)
  await (await b.$(byTestId('poster-result'))).waitForDisplayed({ timeout: 30000 })
  const file = await (await b.$(byTestId('poster-file'))).getAttribute('data-path')
  assert.ok(file.endsWith('.png') && existsSync(file), file)
  assert.match(path.basename(file), /^李老师-大咖分享海报-\d+月\d+日/)
  // 复制图片 puts the picture itself on the system clipboard, to paste into WeChat.
  await click(b, byTestId('file-copy'))
  await waitMessage(b, /图片已复制/)
  const targets = spawnSync('xclip', ['-o', '-selection', 'clipboard', '-t', 'TARGETS'], { encoding: 'utf8', timeout: 5000 })
  assert.match(targets.stdout, /image\/png/, `clipboard targets: ${targets.stdout} ${targets.stderr}`)
  const png = spawnSync('xclip', ['-o', '-selection', 'clipboard', '-t', 'image/png'], { timeout: 5000 })
  assert.equal(png.stdout.subarray(1, 4).toString(), 'PNG')
  await shot(b, '45-guest-poster.png')
})

test("a birthday today: its poster one click away on Today", async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/today')
  const button = await b.$(byTestId('birthday-poster'))
  await button.waitForClickable({ timeout: 15000 })
  const who = (await button.parentElement().$('strong').getText()).trim()
  await button.click()
  await b.waitUntil(async () => (await texts(b, '.pick-item.active')).some((t) => t.includes('生日海报')), { timeout: 10000, timeoutMsg: 'birthday template not chosen' })
  await b.waitUntil(async () => (await texts(b, byTestId('poster-pick'))).some((t) => t.includes(who)), { timeout: 10000, timeoutMsg: `${who} not picked` })
  await previewDrawn(b)
})

test("the month's birthday roster poster from the birthdays screen", async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/birthdays')
  await click(b, '.n-tabs-tab[data-name="roster"]')
  const button = await b.$(byTestId('roster-poster'))
  await button.waitForClickable({ timeout: 10000 })
  const names = (await texts(b, byTestId('roster-row'))).length
  await button.click()
  await b.waitUntil(async () => (await texts(b, '.pick-item.active')).some((t) => t.includes('生日会')), { timeout: 10000 })
  await previewDrawn(b)
  await shot(b, '46-birthday-roster.png')
  assert.ok(names > 0, 'the demo has birthdays next month')
})

test('certificates: made for one member, verified from the scanned text, revoked', async () => {
  const b = app.browser
  const [m] = cliJson('members', 'list', '--cohort', RUNNING)
  await b.url(`tauri://localhost/#/members/${m.id}`)
  await click(b, byTestId('member-poster'))
  await chooseTemplate(b, '结业证书')
  await previewDrawn(b)
  await click(b, byTestId('poster-export'))
  await click(b, byTestId('poster-run'))
  const result = await b.$(byTestId('poster-result'))
  await result.waitForDisplayed({ timeout: 60000 })
  const serial = (await result.getText()).match(/XZ-\d{4}-\d{5}/)[0]

  await click(b, byTestId('tab-certificates'))
  await type(b, byTestId('cert-search'), m.name)
  await b.waitUntil(async () => (await texts(b, byTestId('cert-table'))).some((t) => t.includes(serial)), { timeout: 10000, timeoutMsg: `${serial} not listed` })
  const cert = cliJson('certificates', 'list', '--search', serial)[0]
  await type(b, byTestId('cert-scanned'), cert.payload)
  await click(b, byTestId('cert-verify'))
  const verdict = await b.$(byTestId('cert-verdict'))
  await verdict.waitForDisplayed({ timeout: 10000 })
  assert.match(await verdict.getText(), new RegExp(`有效：${serial}，${m.name}`))
  await type(b, byTestId('cert-scanned'), cert.payload.replace(m.name, '张冒名'))
  await click(b, byTestId('cert-verify'))
  await b.waitUntil(async () => /伪造/.test(await verdict.getText()), { timeout: 10000 })

  await type(b, byTestId('cert-scanned'), cert.payload)
  await click(b, byTestId('cert-verify'))
  await b.waitUntil(async () => /有效/.test(await verdict.getText()), { timeout: 10000 })
  await click(b, byTestId('cert-revoke'))
  await confirmDialog(b)
  await waitMessage(b, new RegExp(`已作废 ${serial}`))
  await b.waitUntil(async () => /已作废/.test(await verdict.getText()), { timeout: 10000, timeoutMsg: 'the verdict did not follow the revocation' })
  assert.equal(cliJson('certificates', 'list', '--search', serial)[0].revoked_at !== null, true)
  await shot(b, '47-certificates.png')
})
