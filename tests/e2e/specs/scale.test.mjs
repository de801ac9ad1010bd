// 100,000 members in the real window: every row reachable, search by initials, and the figures
// (load time, search time, frame times while scrolling) printed for the record. Timing is reported,
// not asserted: speed targets are checked by benchmarks, not by tests.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { launch, byTestId, shot, type, texts, cli, scrollFrames } from '../lib.mjs'

const N = Number(process.env.QUNZHU_SCALE_MEMBERS ?? 100000)
let app
let loadMs = 0
before(async () => {
  app = await launch('scale', (dir) => {
    execFileSync(cli, ['--data-dir', dir, 'demo', 'synthetic', '--members', String(N)], { stdio: 'ignore' })
  })
  // With no cohort running Qunzhu opens on 期与群; the members list is where this is measured.
  const t0 = Date.now()
  await app.browser.url('tauri://localhost/#/members')
  await app.browser.waitUntil(async () => (await texts(app.browser, byTestId('member-row'))).length > 5, {
    timeout: 60000, timeoutMsg: 'rows did not appear',
  })
  loadMs = Date.now() - t0
})
after(async () => { await app?.close() })

test(`${N} members: count, scroll to the last row, frame times`, async () => {
  const b = app.browser
  // The count comes from its own query: it may show a moment after the first rows.
  const counter = await b.$(byTestId('member-count'))
  await counter.waitForDisplayed({ timeout: 30000 })
  const count = await counter.getText()
  assert.match(count.replace(/,/g, ''), new RegExp(`${N}`))
  const f = await scrollFrames(b)
  await b.pause(300)
  const rows = await texts(b, byTestId('member-row'))
  assert.ok(rows.length > 5, 'rows are rendered at the bottom too')
  console.log(`[scale] ${N} members: first rows after ${loadMs} ms; scroll frames p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms`)
  await shot(b, '20-members-100k-bottom.png')
})

test(`${N} members: search by initials narrows the table`, async () => {
  const b = app.browser
  const before = await texts(b, byTestId('member-row'))
  const t0 = Date.now()
  await type(b, byTestId('member-search'), 'zsy')
  await b.waitUntil(async () => {
    const c = await b.$(byTestId('member-count'))
    return (await c.getAttribute('data-ready')) === 'true' && (await c.getText()).includes('/')
  }, { timeout: 20000, timeoutMsg: 'search did not narrow' })
  const ms = Date.now() - t0
  const rows = await texts(b, byTestId('member-row'))
  assert.notDeepEqual(rows, before)
  console.log(`[scale] search "zsy" over ${N} members: table updated after ${ms} ms (typing and 120 ms debounce included); ${await (await b.$(byTestId('member-count'))).getText()}`)
  await shot(b, '21-members-100k-search.png')
})
