// Data that cannot be opened (its upgrade fails at every start): the error screen lists the
// backups, one is restored, and the app opens on the data of that backup without a restart.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { launch, cli, byTestId, click, confirmDialog, shot, texts, waitMessage } from '../lib.mjs'

let app
before(async () => {
  app = await launch('recover', (dir) => {
    const run = (...args) => execFileSync(cli, ['--data-dir', dir, ...args], { encoding: 'utf8' })
    run('members', 'add', '--name', '备份里的张三', '--phone', '13800000001')
    run('backup', 'create')
    run('members', 'add', '--name', '后来的李四')
    // The file now says it is a version behind while holding that version's columns: the
    // upgrade fails at every start (as a file damaged by another program would).
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 11"); c.commit()', path.join(dir, 'qunzhu.db')])
  })
})
after(async () => { await app?.close() })

test('the error screen restores a backup and the app opens on it', async () => {
  const b = app.browser
  const list = await b.$(byTestId('recover'))
  await list.waitForDisplayed({ timeout: 20000 })
  // What happened and what to do, in the user's language.
  assert.match(await (await b.$('.fatal')).getText(), /无法打开数据[\s\S]*无法升级[\s\S]*从备份恢复/)
  await b.waitUntil(async () => (await texts(b, byTestId('recover-restore'))).length >= 1, { timeout: 10000, timeoutMsg: 'no backup offered' })
  assert.match(await list.getText(), /手动/, 'the manual backup is listed with its reason')
  await shot(b, '75-recover.png')
  const buttons = await b.$$(byTestId('recover-restore'))
  // The newest is the failed start's own copy (升级前); the manual one holds the data.
  const rows = await b.$$(`${byTestId('recover')} .n-list-item`)
  let manual = -1
  for (let i = 0; i < rows.length; i++) if ((await rows[i].getText()).includes('手动')) manual = i
  assert.ok(manual >= 0)
  await buttons[manual].click()
  await confirmDialog(b)
  await waitMessage(b, /已恢复|恢复/)
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await texts(b, byTestId('member-row'))).some((t) => t.includes('备份里的张三')), { timeout: 20000, timeoutMsg: 'the restored member is not listed' })
  assert.ok(!(await texts(b, byTestId('member-row'))).some((t) => t.includes('后来的李四')), 'the data is the backup\'s')
  await shot(b, '76-recovered-members.png')
})
