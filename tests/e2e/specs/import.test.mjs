// Importing through the UI: a 问卷星 export (chosen in the file picker, answered by the test),
// the preview with its mapping, the import, the members in the table; then a file with a
// scientific-notation phone: refused whole, then imported with the bad row skipped.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { launch, byTestId, choose, shot, click, texts, type, root } from '../lib.mjs'

const fixtures = path.join(root, 'src-tauri/core/tests/fixtures/import')
let app
before(async () => { app = await launch('import') })
after(async () => { await app?.close() })

test('import a 问卷星 export through the preview', async () => {
  const b = app.browser
  await (await b.$(byTestId('welcome'))).waitForDisplayed({ timeout: 20000 })
  await click(b, byTestId('start-empty'))
  // A new user starts on 期与群; the members list is one click away.
  await b.waitUntil(async () => (await b.getUrl()).endsWith('#/cohorts'), { timeout: 10000, timeoutMsg: 'a new user did not start on 期与群' })
  await click(b, `//*[@data-testid="nav"]//*[contains(@class,"n-menu-item-content")][normalize-space(.)="成员"]`)
  await click(b, byTestId('open-import'))
  await choose(b, app.dataDir, byTestId('import-drop'), path.join(fixtures, 'wjx-utf8-bom.csv'))
  const detected = await b.$(byTestId('import-detected'))
  await detected.waitForDisplayed({ timeout: 10000 })
  await b.waitUntil(async () => (await detected.getText()).includes('问卷星'), { timeout: 10000 })
  assert.match(await detected.getText(), /共 3 行/)
  assert.match(await detected.getText(), /新成员 3/)
  await shot(b, '30-import-preview.png')
  await click(b, byTestId('import-run'))
  await (await b.$(byTestId('import-done'))).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await b.$(byTestId('import-done'))).getText(), /新增 3/)
  await click(b, byTestId('import-view-members'))
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).length === 3, { timeout: 10000, timeoutMsg: 'three imported members' })
  await type(b, byTestId('member-search'), 'zm')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).some((r) => r.includes('赵敏')), { timeout: 10000 })
})

test('a bad row stops the import until the operator chooses to skip it', async () => {
  const b = app.browser
  await b.url('tauri://localhost/#/import')
  await choose(b, app.dataDir, byTestId('import-drop'), path.join(fixtures, 'scientific-phone.csv'))
  const detected = await b.$(byTestId('import-detected'))
  await b.waitUntil(async () => (await detected.getText()).includes('有问题 1'), { timeout: 10000, timeoutMsg: 'the bad row is counted in the preview' })
  assert.match(await (await b.$(byTestId('import-preview'))).getText(), /科学计数法/)
  await click(b, byTestId('import-run'))
  const failed = await b.$(byTestId('import-failed'))
  await failed.waitForDisplayed({ timeout: 10000 })
  assert.match(await failed.getText(), /行 2「手机号」/)
  await shot(b, '31-import-bad-row.png')
  await click(b, `${byTestId('import-skip-bad')}`)
  await b.pause(800)
  await click(b, byTestId('import-run'))
  const done = await b.$(byTestId('import-done'))
  await done.waitForDisplayed({ timeout: 10000 })
  assert.match(await done.getText(), /新增 1/)
  assert.match(await done.getText(), /科学计数法/, 'the skipped row is listed')
})

test('only a file the user chose is read, and an export keeps its extension', async () => {
  const b = app.browser
  // A path the page names on its own (as a hostile template or pasted text might) is refused.
  const refused = await b.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke('preview_import', { path: '/etc/passwd', options: {} })
      .then(() => done('read'), (e) => done(e.code))
  })
  assert.equal(refused, 'not_chosen')
  // The export's save dialog answered with a name typed without its extension.
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).length >= 3, { timeout: 10000 })
  writeFileSync(path.join(app.dataDir, 'chooser'), `${path.join(app.dataDir, '名单')}\n`)
  await click(b, byTestId('open-export'))
  const option = await b.$('//div[contains(@class,"n-dropdown-option")][contains(normalize-space(.),"GBK")]')
  await option.waitForClickable({ timeout: 10000 })
  await option.click()
  const file = path.join(app.dataDir, '名单.csv')
  await b.waitUntil(async () => existsSync(file), { timeout: 10000, timeoutMsg: 'the export was written with its .csv' })
  await b.waitUntil(async () => (await texts(b, '.n-message')).some((m) => m.includes('名单.csv')), { timeout: 10000 })
  const text = new TextDecoder('gb18030').decode(readFileSync(file))
  assert.match(text, /赵敏/)
  assert.ok(!existsSync(path.join(app.dataDir, '名单')), 'nothing written under the name without its extension')
})
